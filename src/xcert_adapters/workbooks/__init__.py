"""Built-in workbook readers: ``calamine`` (fast path), ``openpyxl`` (fallback for .xlsx) and ``csv``.

Every reader returns a :class:`~xcert_core.ports.workbooks.SheetData` in one shape, so callers never care which
reader ran:

* ``rows[i]`` is Excel row ``i + 1`` and ``rows[i][j]`` is column ``j + 1`` (leading empty rows and columns are
  kept as ``None`` padding);
* the grid is rectangular and trimmed: it ends at the last row and the last column that hold a value;
* an empty cell, and a cell holding the empty string, is ``None``;
* values keep the type the file stored: an ID number typed as a number comes out as a ``float`` (``3.6e17``),
  ``090300`` typed as a number comes out as ``90300`` — never silently turned back into text.

Files are untrusted: :mod:`xcert_adapters.workbooks.safety` checks zip containers (size, ratio, entry count,
paths, DTDs, sheet extents) before a parser sees them (the one exception, a sandboxed worker that may read a
large roster while the checks run, is described there), and every problem is an
:class:`~xcert_core.errors.UnreadableFileError` with a one-line Chinese reason.

Importing this package (or :mod:`~xcert_adapters.workbooks.readers_plugin`) does not import ``python_calamine``
or ``openpyxl``; the readers import them when they read.
"""
