"""xcert's built-in adapters: plug-ins behind the core's hooks (storage, workbooks, rendering, CLI …).

Each adapter module registers itself through the entry-point group ``xcert`` exactly as a third-party plug-in
would; nothing here is imported by :mod:`xcert_core`.
"""
