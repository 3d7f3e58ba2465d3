"""Background colour of an ID photo (照片底色) from a few pixels of its border: red, blue, white or other.

The platform wants a red background; studios also make blue and white ones, and the school's own photos may be
anything. xcert does not look at every pixel: it samples a small (about 40 x 55 pixel) copy of the photo in

* the top strip (the top 5% of rows, full width),
* the left and right strips (the outer 6% of columns) from the top down to 55% of the height — lower down a
  candidate's shoulders reach the edges,
* the two top corners (the outer 15% of the width by the top 12% of the height), which no head reaches; they
  are sampled again on top of the strips, so they weigh twice,

classifies each sampled pixel, and calls the background the colour of at least half of them
(:attr:`ColourTolerance.min_share`), or :attr:`BackgroundColour.OTHER` when no colour has that share (a
patterned or mixed background, or a photo cropped so tightly that hair fills the border).

A pixel is classified in HSV (hue in degrees 0–360, saturation and value 0–1) by :class:`ColourTolerance`
(the defaults below):

========  ====================================================================
white     saturation ≤ 0.15 and value ≥ 0.75 (white, light grey, a slight tint)
red       hue within 20° of 0° (340°–360° or 0°–20°), saturation ≥ 0.45, value ≥ 0.30
blue      hue 180°–255°, saturation ≥ 0.30, value ≥ 0.25 (sky blue to ID-photo blue)
other     anything else (skin, hair, clothes, orange, green, grey, black)
========  ====================================================================

Examples: ID red RGB(255, 0, 0) and the darker RGB(200, 30, 40) are red; RGB(67, 142, 219) is blue;
RGB(245, 245, 245) is white; skin RGB(230, 190, 160) and RGB(200, 140, 120) are other (not saturated enough
for red); orange RGB(255, 140, 0) is other (hue 33°).

For speed each channel is first quantised to 5 bits (steps of 8 levels) and the class of a step's centre is
looked up in a table built once per tolerance; this moves a threshold by at most 4 of 255 levels per channel.
:meth:`ColourTolerance.classify_exactly` applies the thresholds without quantising.
"""

from __future__ import annotations

import colorsys
import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from attrs import field, frozen, validators

RGB = tuple[int, int, int]


class BackgroundColour(enum.Enum):
    """A background colour class, with its Chinese name (``label``) as messages show it."""

    RED = "red"
    BLUE = "blue"
    WHITE = "white"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"red": "红色", "blue": "蓝色", "white": "白色", "other": "其他颜色或不是纯色"}[self.value]


@frozen
class ColourTolerance:
    """How far a pixel may be from pure red, blue or white and still count as that colour (see the module
    docstring for the table and examples); ``min_share`` is the share of sampled pixels the background's colour
    must have."""

    red_hue: float = 20.0
    red_min_saturation: float = 0.45
    red_min_value: float = 0.30
    blue_hue: tuple[float, float] = (180.0, 255.0)
    blue_min_saturation: float = 0.30
    blue_min_value: float = 0.25
    white_max_saturation: float = 0.15
    white_min_value: float = 0.75
    min_share: float = field(default=0.5, validator=[validators.gt(0.0), validators.le(1.0)])

    def classify(self, pixel: RGB) -> BackgroundColour:
        """The colour class of one RGB pixel (0–255 per channel), by the quantised table (see the module
        docstring)."""
        r, g, b = pixel
        return _CLASSES[_table(self)[(r >> _SHIFT) << (2 * _BITS) | (g >> _SHIFT) << _BITS | (b >> _SHIFT)]]

    def classify_exactly(self, pixel: RGB) -> BackgroundColour:
        """The colour class of one RGB pixel by the thresholds themselves, without quantising."""
        r, g, b = pixel
        hue, saturation, value = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        degrees = hue * 360
        if saturation <= self.white_max_saturation and value >= self.white_min_value:
            return BackgroundColour.WHITE
        if (
            (degrees <= self.red_hue or degrees >= 360 - self.red_hue)
            and saturation >= self.red_min_saturation
            and value >= self.red_min_value
        ):
            return BackgroundColour.RED
        low, high = self.blue_hue
        if low <= degrees <= high and saturation >= self.blue_min_saturation and value >= self.blue_min_value:
            return BackgroundColour.BLUE
        return BackgroundColour.OTHER


_BITS = 5
_SHIFT = 8 - _BITS
_CLASSES = tuple(BackgroundColour)


@lru_cache(maxsize=8)
def _table(tolerance: ColourTolerance) -> bytes:
    """The class (index into :data:`_CLASSES`) of every colour quantised to 5 bits per channel, judged at the
    centre of its step; built once per tolerance (32,768 entries, a few tens of milliseconds)."""
    centre = 1 << (_SHIFT - 1)
    levels = [(level << _SHIFT) + centre for level in range(1 << _BITS)]
    index = {colour: n for n, colour in enumerate(_CLASSES)}
    return bytes(index[tolerance.classify_exactly((r, g, b))] for r in levels for g in levels for b in levels)


DEFAULT_TOLERANCE = ColourTolerance()


@frozen
class BackgroundVerdict:
    """The background's colour class, the share of samples of that class, and how many pixels were sampled."""

    colour: BackgroundColour
    share: float
    samples: int


def classify_background(samples: Iterable[RGB], tolerance: ColourTolerance = DEFAULT_TOLERANCE) -> BackgroundVerdict:
    """The background of a photo from its sampled border pixels (see the module docstring).

    The most frequent of red, blue and white wins if it has at least ``tolerance.min_share`` of the samples;
    otherwise, and when there are no samples, the verdict is :attr:`BackgroundColour.OTHER`.
    """
    return _verdict(Counter(tolerance.classify(pixel) for pixel in samples), tolerance)


def _verdict(counts: Mapping[BackgroundColour, int], tolerance: ColourTolerance) -> BackgroundVerdict:
    total = sum(counts.values())
    if not total:
        return BackgroundVerdict(BackgroundColour.OTHER, 0.0, 0)
    plain = [(count, colour) for colour, count in counts.items() if colour is not BackgroundColour.OTHER]
    if plain:
        count, colour = max(plain, key=lambda item: (item[0], item[1].value))
        if count and count / total >= tolerance.min_share:
            return BackgroundVerdict(colour, count / total, total)
    return BackgroundVerdict(BackgroundColour.OTHER, counts.get(BackgroundColour.OTHER, 0) / total, total)


TOP_STRIP = 0.05
SIDE_STRIP = 0.06
SIDE_DEPTH = 0.55
CORNER_WIDTH = 0.15
CORNER_HEIGHT = 0.12


@lru_cache(maxsize=64)
def _sample_runs(width: int, height: int) -> tuple[tuple[int, int], ...]:
    """Byte ranges, in a ``width`` x ``height`` RGB raster, of the pixels sampled: the top strip, the upper
    left and right strips, and the top corners again (see the module docstring)."""
    top = max(1, round(height * TOP_STRIP))
    side = max(1, round(width * SIDE_STRIP))
    depth = max(top, round(height * SIDE_DEPTH))
    corner_w = max(1, round(width * CORNER_WIDTH))
    corner_h = max(1, round(height * CORNER_HEIGHT))
    row = width * 3
    runs = [(0, top * row)]
    for y in range(top, depth):
        runs += [(y * row, y * row + side * 3), (y * row + max(side, width - side) * 3, (y + 1) * row)]
    for y in range(corner_h):
        runs += [(y * row, y * row + corner_w * 3), (y * row + max(corner_w, width - corner_w) * 3, (y + 1) * row)]
    return tuple(runs)


_QUANTISE = bytes(level >> _SHIFT for level in range(256))


def _check_raster(width: int, height: int, rgb: bytes) -> None:
    if width <= 0 or height <= 0 or len(rgb) != width * height * 3:
        raise ValueError(f"expected {width}x{height} RGB pixels, got {len(rgb)} bytes")


def _sampled(width: int, height: int, rgb: bytes) -> bytes:
    _check_raster(width, height, rgb)
    return b"".join(rgb[start:end] for start, end in _sample_runs(width, height))


def border_samples(width: int, height: int, rgb: bytes) -> list[RGB]:
    """The sampled pixels of a small RGB raster (``width * height * 3`` bytes, rows top to bottom): the top
    strip, the upper left and right strips and, again, the two top corners (see the module docstring).

    Raises ``ValueError`` when ``rgb`` is not ``width * height * 3`` bytes long.
    """
    data = _sampled(width, height, rgb)
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def classify_raster(width: int, height: int, rgb: bytes,
                    tolerance: ColourTolerance = DEFAULT_TOLERANCE) -> BackgroundVerdict:
    """``classify_background(border_samples(width, height, rgb), tolerance)``, computed without a Python loop
    over the pixels (the photo check calls it once per photo). Raises ``ValueError`` like
    :func:`border_samples`."""
    data = _sampled(width, height, rgb).translate(_QUANTISE)
    table = _table(tolerance)
    counts: Counter[BackgroundColour] = Counter()
    for (r, g, b), count in Counter(zip(data[0::3], data[1::3], data[2::3], strict=True)).items():
        counts[_CLASSES[table[r << (2 * _BITS) | g << _BITS | b]]] += count
    return _verdict(counts, tolerance)
