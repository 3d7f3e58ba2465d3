"""Certificates awarded (证书信息 / 证书发放): the certificate number the platform issued to a candidate who passed a
plan, and its hand-out to the candidate (领取)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from xcert_core.model._keys import Keyed
from xcert_core.model._validators import non_empty


@frozen
class CertificateAward(Keyed):
    """证书: ``certificate_number`` (unique), the day it was issued (发证日期) when the export says, and when and by
    whom it was handed out (``handed_out_on`` ``None``: not collected yet). Imported from the platform's
    certificate export, only for candidates whose 考证结果 is 通过."""

    plan_code: str = field(validator=non_empty)
    id_number: str = field(validator=non_empty)
    certificate_number: str = field(validator=non_empty)
    issued_on: dt.date | None = None
    handed_out_on: dt.date | None = None
    handed_out_by: str = ""

    key_fields: ClassVar[tuple[str, ...]] = ("plan_code", "id_number")
    unique_fields: ClassVar[tuple[tuple[str, ...], ...]] = (("certificate_number",),)
