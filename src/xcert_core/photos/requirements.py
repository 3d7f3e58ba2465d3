"""What the X platform accepts as a candidate photo (学生照片), as data.

The platform's upload dialog (考务管理 → 考生管理 → 上传学生照片) says: name each standard small one-inch photo
(标准小一寸照片) ``证件号.jpg``, zip them, and upload the ``.zip``; each photo is jpg or png, within 5 MB,
295 x 413 pixels (2.7 cm x 3.8 cm), on a red background. :data:`PLATFORM_PHOTO` holds exactly that, plus the
two judgement calls xcert makes when it repairs a photo (how close an aspect ratio must be to count as "the
same", and how small a photo it will still enlarge).
"""

from __future__ import annotations

from attrs import field, frozen, validators

from xcert_core.photos.background import BackgroundColour

MB = 1000 * 1000


@frozen
class PhotoRequirements:
    """The platform's photo rules.

    ``width`` x ``height``: the exact pixel size (295 x 413). ``max_bytes``: the largest file, 5 MB read the
    strict way (5,000,000 bytes, not 5 MiB: a photo between the two readings is rare, and being refused is not).
    ``formats``: the content formats accepted (``"jpeg"``, ``"png"``), judged by the bytes, not by the name.
    ``extensions``: the accepted file-name extensions (compared in lower case, so ``.JPG`` is fine) and the
    format each implies. ``background``: the required background colour. ``output_extension``: what
    ``xcert photos fix`` names its photos (``<证件号码>.jpg``, as the platform's dialog asks).

    ``aspect_tolerance``: a photo whose width/height differs from 295/413 by at most this fraction (1%) has
    "the same aspect" and can be scaled to size, cropping at most that fraction off the edges, which never
    moves a centred face. ``min_scale``: the smallest photo, as a fraction of 295 x 413, that ``fix`` will
    enlarge (0.5: 148 x 207); a smaller one would come out blurred.
    """

    width: int = field(default=295, validator=validators.gt(0))
    height: int = field(default=413, validator=validators.gt(0))
    max_bytes: int = field(default=5 * MB, validator=validators.gt(0))
    formats: frozenset[str] = frozenset({"jpeg", "png"})
    extensions: tuple[tuple[str, str], ...] = ((".jpg", "jpeg"), (".png", "png"))
    background: BackgroundColour = BackgroundColour.RED
    output_extension: str = ".jpg"
    aspect_tolerance: float = field(default=0.01, validator=validators.ge(0.0))
    min_scale: float = field(default=0.5, validator=validators.gt(0.0))

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    def format_of_extension(self, extension: str) -> str | None:
        """The format an accepted extension implies (``".JPG"`` → ``"jpeg"``), ``None`` for any other."""
        return dict(self.extensions).get(extension.lower())

    def same_aspect(self, width: int, height: int) -> bool:
        """Whether ``width`` x ``height`` has the required aspect ratio within ``aspect_tolerance``."""
        if width <= 0 or height <= 0:
            return False
        wanted = self.width / self.height
        return abs(width / height - wanted) <= self.aspect_tolerance * wanted

    def large_enough(self, width: int, height: int) -> bool:
        """Whether a photo of this size may be enlarged to the required size without visible blur."""
        return width >= self.width * self.min_scale and height >= self.height * self.min_scale


PLATFORM_PHOTO = PhotoRequirements()
"""The requirements as the platform states them."""
