"""Reference data the core ships: the six certificates listed in the platform's operating guide (sample data).

Only what the guide shows is here: names, 16-digit codes and levels, and for 数字媒体交互设计 its issuing
organisation and professional category from the certificate-information screenshots. The programs a
certificate corresponds to (证书对应专业) are not in the guide, so they are left empty: load them from the
platform's "证书对应专业" page rather than trusting invented data.
"""

from __future__ import annotations

from collections.abc import Iterable

from xcert_core.labels import CertificateLevel
from xcert_core.model import Certificate, Program

DIGITAL_MEDIA = "数字媒体交互设计职业技能等级证书"
MOBILE_STREAMING = "移动流媒体技术职业技能等级证书"
FENGHUANG = "凤凰新联合（北京）教育科技有限公司"

SAMPLE_CERTIFICATES: tuple[Certificate, ...] = (
    Certificate("1550001066010252", DIGITAL_MEDIA, CertificateLevel.ELEMENTARY, FENGHUANG, "文化艺术大类"),
    Certificate("1550001066020254", DIGITAL_MEDIA, CertificateLevel.INTERMEDIATE, FENGHUANG, "文化艺术大类"),
    Certificate("1550001066030255", DIGITAL_MEDIA, CertificateLevel.ADVANCED, FENGHUANG, "文化艺术大类"),
    Certificate("1560007066010597", MOBILE_STREAMING, CertificateLevel.ELEMENTARY),
    Certificate("1560007066020952", MOBILE_STREAMING, CertificateLevel.INTERMEDIATE),
    Certificate("1560007066031307", MOBILE_STREAMING, CertificateLevel.ADVANCED),
)


class SampleCertificates:
    """The ``sample`` reference provider: :data:`SAMPLE_CERTIFICATES`, and no programs."""

    def certificates(self) -> Iterable[Certificate]:
        return SAMPLE_CERTIFICATES

    def programs(self) -> Iterable[Program]:
        return ()
