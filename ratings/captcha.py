"""A captcha people read at the first try.

django-simple-captcha's defaults (letters turned ±35°, dense dots and arcs)
took a tester three tries. Here: letters that cannot be confused with one
another or with digits (no I/L/1, O/Q/0, U/V…), light dots only; rotation and
size are in settings. Letters are drawn with ``secrets`` so they cannot be
predicted.
"""

import secrets

from captcha.conf import settings

READABLE_LETTERS = "ACDEFGHJKMNPRTWXY"


def readable_challenge():
    """(shown, expected answer); the answer is compared case-insensitively."""
    shown = "".join(secrets.choice(READABLE_LETTERS) for _ in range(settings.CAPTCHA_LENGTH))
    return shown, shown.lower()


def light_dots(draw, image):
    """Sparse dots (about 2 % of the pixels): enough to spoil naive OCR, not human reading."""
    width, height = image.size
    for _ in range(width * height // 50):
        draw.point((secrets.randbelow(width), secrets.randbelow(height)), fill=settings.CAPTCHA_FOREGROUND_COLOR)
    return draw
