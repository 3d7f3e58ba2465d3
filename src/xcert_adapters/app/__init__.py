"""The application layer: one function per use case of the eleven steps and of the changes after them, called
the same way by every face — the command line, the web workbench and HTTP API, a school system that embeds
xcert.

Each function takes the workspace (:class:`~xcert_adapters.workspace.Workspace`) or, for the checks that need
none, the plug-ins, plus plain values (paths, codes, typed options); it does its own transactions and returns a
frozen outcome carrying its :class:`~xcert_core.issues.IssueReport`, built by
:func:`~xcert_adapters.app.reports.build_report`. Problems in the data are issues, never exceptions; a request the
workspace cannot honour raises :class:`~xcert_adapters.app.errors.RequestError` (or the core's own
:class:`~xcert_core.errors.XcertError` for a rule). A face only parses, calls and renders; no face opens a
transaction (``tests/test_layering.py``).

Modules, by step: :mod:`.setup` (1–2 and plans), :mod:`.roster` (3), :mod:`.photos` (4), :mod:`.verification`
(5), :mod:`.registrations` (6), :mod:`.staff_and_rooms` (7–8), :mod:`.scheduling` and :mod:`.scheduling_files`
(9), :mod:`.documents` (10), :mod:`.status` (11), :mod:`.platform` (the files exchanged with the platform).
"""
