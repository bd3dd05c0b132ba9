"""Draw the default OpenGraph picture (1200×630) from the logo.

Pages without a photo of their own (home, listings, search, articles without
pictures) still need a share picture, or social networks show a blank card.
The PNG is committed in ``thidua_site/static/img/og-default.png``; run this
command again only if the logo or the site name changes.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
RED, RED_DARK, GOLD, CREAM = (158, 27, 27), (110, 14, 14), (232, 178, 48), (253, 233, 176)
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu")


def font(names, size):
    for directory in FONT_DIRS:
        for name in names:
            path = Path(directory) / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


class Command(BaseCommand):
    help = "Vẽ ảnh chia sẻ mặc định (OpenGraph, 1200×630) từ logo."

    def handle(self, *args, **options):
        static_img = Path(settings.BASE_DIR) / "thidua_site" / "static" / "img"
        canvas = Image.new("RGB", SIZE, RED)
        draw = ImageDraw.Draw(canvas)
        draw.rectangle([0, SIZE[1] - 90, SIZE[0], SIZE[1]], fill=RED_DARK)
        draw.rectangle([0, SIZE[1] - 98, SIZE[0], SIZE[1] - 90], fill=GOLD)
        logo = Image.open(static_img / "logo.png").convert("RGBA").resize((240, 240), Image.LANCZOS)
        canvas.paste(logo, (90, 150), logo)
        bold = font(("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"), 64)
        regular = font(("NotoSans-Regular.ttf", "DejaVuSans.ttf"), 34)
        small = font(("NotoSans-Regular.ttf", "DejaVuSans.ttf"), 30)
        draw.text((380, 190), "THI ĐUA –", font=bold, fill="white")
        draw.text((380, 265), "KHEN THƯỞNG", font=bold, fill="white")
        draw.text((380, 355), "Chuyên mục phong trào thi đua yêu nước", font=regular, fill=CREAM)
        draw.text((90, SIZE[1] - 68), "Tin tức · Khối thi đua · Gương điển hình tiên tiến", font=small, fill=CREAM)
        target = static_img / "og-default.png"
        canvas.save(target, optimize=True)
        self.stdout.write(f"Đã vẽ {target} ({SIZE[0]}×{SIZE[1]}).")
