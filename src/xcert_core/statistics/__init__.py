"""统计分析 as pure functions: the figures a report's charts show, from plain records (no storage, no drawing).
The application layer (:mod:`xcert_adapters.app.statistics`) reads the records and assembles the reports."""
