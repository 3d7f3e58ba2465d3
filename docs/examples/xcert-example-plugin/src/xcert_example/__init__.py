"""An example third-party xcert plug-in.

- :mod:`xcert_example.rules`: ``school-policy``, a roster rule family with the school's own rules (one mobile
  number per student, only the recent cohorts may register), with its own catalogued issue types;
- :mod:`xcert_example.html_tickets`: ``html``, a renderer that lays admission tickets (准考证) out as one
  self-contained HTML page, one ticket card per printed page;
- :mod:`xcert_example.plugin`: the hooks that register both, found through the ``xcert`` entry point.
"""

__version__ = "0.1.0"
