"""Demo photographs drawn with Pillow: no files shipped, nothing downloaded.

Each picture is a simple stage scene (backdrop, banner, podium, audience) in a
palette of its own, so cards and galleries look varied without real photos.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((158, 27, 27), (242, 193, 78), (250, 244, 230)),
    ((23, 74, 128), (240, 240, 240), (214, 228, 240)),
    ((30, 110, 70), (250, 220, 110), (230, 244, 232)),
    ((120, 40, 90), (255, 214, 160), (245, 232, 240)),
    ((60, 60, 70), (220, 60, 60), (235, 235, 238)),
    ((180, 90, 20), (255, 240, 200), (250, 238, 224)),
]


def draw_scene(seed, width=1200, height=800):
    rng = random.Random(seed)
    primary, accent, light = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height), light)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):  # backdrop gradient
        t = y / (height / 2)
        colour = tuple(int(primary[i] * (1 - t) + light[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    banner_top = int(height * rng.uniform(0.08, 0.14))
    draw.rectangle([width * 0.1, banner_top, width * 0.9, banner_top + height * 0.12], fill=primary)
    draw.rectangle([width * 0.1, banner_top + height * 0.12, width * 0.9, banner_top + height * 0.13], fill=accent)
    cx, cy, r = width * rng.uniform(0.15, 0.2), banner_top + height * 0.06, height * 0.045
    draw.regular_polygon((cx, cy, r), 5, rotation=rng.choice([0, 36]), fill=accent)
    draw.rectangle([width * 0.35, height * 0.42, width * 0.65, height * 0.58], fill=(90, 60, 40))
    draw.rectangle([width * 0.33, height * 0.40, width * 0.67, height * 0.43], fill=accent)
    for _ in range(rng.randint(3, 6)):  # people on stage
        x = rng.uniform(width * 0.2, width * 0.8)
        draw.ellipse([x - 22, height * 0.30, x + 22, height * 0.36], fill=(60, 45, 40))
        draw.rectangle([x - 30, height * 0.36, x + 30, height * 0.52], fill=rng.choice([primary, (40, 40, 60)]))
    for row in range(4):  # audience
        y = height * (0.68 + row * 0.08)
        for col in range(14):
            x = width * (0.04 + col * 0.07) + rng.uniform(-8, 8)
            shade = rng.randint(30, 90)
            draw.ellipse([x - 26, y - 26, x + 26, y + 26], fill=(shade, shade - 10, shade - 15))
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
