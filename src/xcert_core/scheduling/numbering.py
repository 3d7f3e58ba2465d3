"""The default ticket-number scheme (准考证号), registered as ``default``.

A number is 14 digits (more only past 999,999 candidates in one plan)::

    YYYY  SSSS  NNNNNN
    year  site  sequence

* ``YYYY`` — the plan's year.
* ``SSSS`` — the site: the last four digits of the site code when it has at least four digits, otherwise
  ``crc32(site code) mod 10000``, zero-padded.
* ``NNNNNN`` — the candidate's sequence number within the plan (1-based, zero-padded to six digits, wider when
  needed). Allocation numbers candidates by site, room and seat, so a room's tickets form a contiguous range.

Uniqueness per plan rests on the sequence, which names one candidate in the plan; the year and site are there
for people reading the number. The scheme is a pure function of the :class:`TicketContext`: the same context
always gives the same number.
"""

from __future__ import annotations

import zlib

from xcert_core.ports.numbering import TicketContext


def site_digits(site_code: str) -> str:
    """The four site digits of a ticket number (see the module docstring)."""
    digits = "".join(ch for ch in site_code if ch.isdigit())
    if len(digits) >= 4:
        return digits[-4:]
    return f"{zlib.crc32(site_code.encode('utf-8')) % 10000:04d}"


class DefaultTicketScheme:
    """``YYYY`` + ``SSSS`` + ``NNNNNN``: year, site digits and the candidate's sequence in the plan."""

    def __init__(self) -> None:
        self._sites: dict[str, str] = {}

    def ticket_number(self, context: TicketContext) -> str:
        site = self._sites.get(context.site_code)
        if site is None:
            site = self._sites[context.site_code] = site_digits(context.site_code)
        return f"{context.year:04d}{site}{context.sequence:06d}"
