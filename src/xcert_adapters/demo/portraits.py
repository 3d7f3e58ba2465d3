"""Generated ID photos for the sample school: a head-and-shoulders drawing on the platform's red background,
295 x 413 JPEG, different for every student (hair, skin, clothes and face shape follow the student's ``look``)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from xcert_core.photos.requirements import PLATFORM_PHOTO

RED = (200, 16, 30)
HAIR = ((20, 16, 14), (44, 30, 22), (62, 42, 30), (30, 26, 30))
SKIN = ((236, 198, 170), (226, 186, 160), (214, 172, 140), (198, 156, 126))
CLOTHES = ((32, 36, 62), (240, 240, 240), (60, 60, 66), (24, 60, 96), (90, 30, 40))


def portrait(look: int, size: tuple[int, int] = PLATFORM_PHOTO.size,
             background: tuple[int, int, int] = RED) -> Image.Image:
    """The drawing for ``look`` at ``size`` on ``background``."""
    rng = random.Random(look)
    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    face_w = rng.uniform(0.32, 0.40)
    top = rng.uniform(0.08, 0.14)
    draw.ellipse((width * (0.5 - face_w / 2 - 0.05), height * top, width * (0.5 + face_w / 2 + 0.05),
                  height * (top + 0.40)), fill=rng.choice(HAIR))
    draw.ellipse((width * (0.5 - face_w / 2), height * (top + 0.08), width * (0.5 + face_w / 2),
                  height * (top + 0.48)), fill=rng.choice(SKIN))
    eye_y = height * (top + 0.26)
    for side in (-1, 1):
        x = width * (0.5 + side * face_w / 4)
        draw.ellipse((x - 5, eye_y - 3, x + 5, eye_y + 3), fill=(30, 24, 22))
    draw.arc((width * 0.43, height * (top + 0.34), width * 0.57, height * (top + 0.40)), 20, 160, fill=(150, 70, 70),
             width=2)
    draw.rectangle((width * 0.45, height * (top + 0.46), width * 0.55, height * (top + 0.56)), fill=rng.choice(SKIN))
    draw.pieslice((width * 0.05, height * 0.66, width * 0.95, height * 1.4), 180, 360, fill=rng.choice(CLOTHES))
    return image


def photo_jpeg(look: int, size: tuple[int, int] = PLATFORM_PHOTO.size,
               background: tuple[int, int, int] = RED) -> bytes:
    """:func:`portrait` encoded as a JPEG (quality 90), as a phone or photo studio would deliver it."""
    buffer = io.BytesIO()
    portrait(look, size, background).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
