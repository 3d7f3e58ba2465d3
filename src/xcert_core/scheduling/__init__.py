"""Scheduling (排考): seat allocation, ticket numbers, changes after publication, proctors and the plan report.

Everything here is pure: plain data in, plain data out, no I/O. See :mod:`.allocation`, :mod:`.changes`,
:mod:`.proctoring`, :mod:`.report` and :mod:`.numbering`.
"""
