"""xcert_core: the pure-Python core of xcert (职业技能等级证书报考流程).

Entities (:mod:`xcert_core.model`), the platform's labels (:mod:`xcert_core.labels`), the issue model
(:mod:`xcert_core.issues`), the ports adapters implement (:mod:`xcert_core.ports`) and the plug-in system
(:mod:`xcert_core.hookspecs`, :func:`xcert_core.plugins.make_plugin_manager`). Importing this package loads
no I/O library and no plug-in.
"""

from __future__ import annotations

from xcert_core.__about__ import __version__

__all__ = ["__version__"]
