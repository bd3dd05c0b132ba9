"""Write N invented stories as old-portal exports (for benchmarks and demos).

``python -m benchmarks.sample_exports DIR --count N [--html]`` (used by ``make bench-import``).
With ``--html`` each story is a saved web page (``bai-00001.html`` + ``bai-00001_files/`` with its
pictures, stylesheet and script, as a browser's "Save page as" leaves them), in the shape of
the portal article pages of ``importer/tests/fixtures/html``; pictures come from a pool of 40,
so the same picture turns up in many folders (the importer stores it once).

The shapes rotate through everything the format document describes: datelines,
the four timestamp styles, photo markers with credits, bare captions, dotted and
single-space separators, bylines and page chrome, some files without a time.
"""

import html
import io
import random
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

CHROME_ENDINGS = [
    "Top",
    "Đánh giá\n\n(Di chuột vào ngôi sao để chọn điểm)\n   capcha_img",
    "Thống kê truy cập\n  • Đang online: 0\n  • Hôm nay: 3\n  • Trong tuần: 0\n  • Tất cả: 0\nĐăng nhập",
]


def stamp(moment, style):
    from news.text import WEEKDAYS

    local = timezone.localtime(moment)
    if style == 0:
        return f"{local:%d/%m/%Y %H:%M}"
    if style == 1:
        return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M} GMT+7"
    if style == 2:
        return f"{local:%I:%M %p}, {local:%d/%m/%Y}"
    return None  # no time in this file


def render(story, rng, n):
    from news.demo import content

    separator = rng.choice(["\n\n", "\n \n", "\n\n.\n\n"])
    lines = []
    if rng.random() < 0.5:
        lines.append(story["dateline"])
    lines.append(story["title"])
    sapo = f"({story['source']}) - {story['sapo']}"
    time_line = stamp(story["published_at"], n % 4)
    if time_line and n % 2:
        lines += [time_line, sapo]
    elif time_line:
        lines += [sapo, time_line]
    else:
        lines.append(sapo)
    photo = 0
    for block in story["body"]:
        if block["type"] == "paragraph":
            lines.append(block["value"].removeprefix("<p>").removesuffix("</p>"))
        elif block["type"] == "photo":
            photo += 1
            lines.append(f"{story['title']}{rng.choice([' - ', '- '])}Ảnh {photo}.")
            lines.append(
                f"{block['value']['caption']}. Ảnh: {content.PHOTO_CREDITS[photo % len(content.PHOTO_CREDITS)]}"
            )
    if rng.random() < 0.6:
        lines.append(story["authors"][0].name)
    lines.append(rng.choice(CHROME_ENDINGS))
    return separator.join(lines) + "\n"


PAGE = """<!DOCTYPE html>
<!-- saved from url=(0070)https://congthongtin.example.gov.vn/thi-dua/{stem}.htm -->
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Cổng thông tin điện tử</title>
<meta property="og:title" content="{title}">
<link rel="stylesheet" href="./{stem}_files/style.css"><script src="./{stem}_files/main.js"></script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{page: "{stem}"}});</script>
</head><body>
<header class="site-header"><div class="logo">Cổng thông tin điện tử</div>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/thi-dua.htm">Thi đua – Khen thưởng</a></li>
<li><a href="/dang-nhap">Đăng nhập</a></li></ul></nav></header>
<main class="container"><div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/thi-dua.htm">Thi đua</a></div>
<div class="detail">
{dateline}<div class="detail-time">{time}</div>
<h1 class="detail-title">{title}</h1>
<div class="share-bar"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Chia sẻ</a>
<a href="javascript:window.print()">In bài</a></div>
<h2 class="detail-sapo">({source}) - {sapo}</h2>
<div class="detail-content">
{body}
</div>
{byline}
<div class="rating-box"><p>Đánh giá</p><p>(Di chuột vào ngôi sao để chọn điểm)</p>
<img src="./{stem}_files/capcha_img.png" alt="capcha_img"></div>
</div>
<aside class="stats"><h3>Thống kê truy cập</h3><ul><li>Đang online: 12</li><li>Hôm nay: 340</li>
<li>Tất cả: 1.204.553</li></ul></aside>
<section class="related"><h3>Tin liên quan</h3><ul><li><a href="/a.htm">Bài liên quan khác</a></li></ul></section>
</main><footer>Bản quyền thuộc Cổng thông tin điện tử. Địa chỉ: Hà Nội.</footer>
<script>document.querySelectorAll(".star").forEach(function (s) {{ s.onclick = rate; }});</script>
</body></html>
"""


def picture_pool(rng, count=40):
    """JPEGs of a photo's weight (640×427, 15–40 KB): gradients and shapes, so no two are alike."""
    from PIL import Image, ImageDraw

    pool = []
    for _ in range(count):
        image = Image.new("RGB", (640, 427), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        draw = ImageDraw.Draw(image)
        for _ in range(30):
            x, y = rng.randrange(640), rng.randrange(427)
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            draw.ellipse((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 150)), fill=colour)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        pool.append(buffer.getvalue())
    return pool


def render_html(story, rng, n, stem, folder, pool):
    from news.demo import content

    time_line = stamp(story["published_at"], n % 3)  # every saved page shows its time
    parts, photo = [], 0
    for block in story["body"]:
        if block["type"] == "paragraph":
            text = html.escape(block["value"].removeprefix("<p>").removesuffix("</p>"))
            parts.append(f'<p style="text-align: justify;"><span style="font-size: 13pt;">{text}</span></p>')
        elif block["type"] == "photo":
            photo += 1
            name = f"anh{photo}.jpg"
            if n % 25 != 0 or photo != 2:  # one picture in 50 was never saved: the photo waits for it
                (folder / name).write_bytes(pool[(n * 3 + photo) % len(pool)])
            credit = content.PHOTO_CREDITS[photo % len(content.PHOTO_CREDITS)]
            parts.append(
                f'<figure class="VCSortableInPreviewMode"><img src="./{stem}_files/{name}" '
                f'alt="{html.escape(story["title"])} - Ảnh {photo}." width="640" height="427">'
                f"<figcaption><p>{html.escape(block['value']['caption'])} - Ảnh: {credit}</p></figcaption></figure>"
            )
    byline = f'<p class="detail-author">{html.escape(story["authors"][0].name)}</p>' if rng.random() < 0.6 else ""
    dateline = f'<p class="dateline">{html.escape(story["dateline"])}</p>' if rng.random() < 0.5 else ""
    return PAGE.format(
        stem=stem,
        title=html.escape(story["title"]),
        time=time_line,
        source=html.escape(story["source"]),
        sapo=html.escape(story["sapo"]),
        body="\n".join(parts),
        byline=byline,
        dateline=dateline,
    )


class Command(BaseCommand):
    help = "Ghi N tệp xuất mẫu (bài bịa) theo định dạng cổng cũ, để đo tốc độ nhập."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--html", action="store_true", help="Trang web đã lưu (.html + thư mục _files).")

    def handle(self, *args, directory, count, seed, html, **options):
        from news.demo import content
        from news.demo.seed import DemoSeeder

        seeder = DemoSeeder(log=lambda *_: None, progress=False, seed=seed)
        seeder.home = seeder.index = None
        seeder.authors = seeder.ensure_authors()
        seeder.tags = seeder.ensure_tags()
        seeder.photos = seeder.ensure_photos()
        seeder.blocs = {}
        rng = random.Random(seed)
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        pool = picture_pool(random.Random(seed)) if html else None
        for n in range(count):
            spec = content.CAMPAIGNS[n % len(content.CAMPAIGNS)]
            story = seeder.compose(spec)
            story["title"] = f"{story['title']} ({'trang lưu' if html else 'số'} {n + 1})"
            stem = f"bai-{n + 1:05d}"
            if html:
                folder = target / f"{stem}_files"
                folder.mkdir(exist_ok=True)
                for name, text in (("style.css", "body{font-family:Arial}"), ("main.js", "function rate(){}")):
                    (folder / name).write_text(text, encoding="utf-8")
                (folder / "capcha_img.png").write_bytes(pool[0])
                page = render_html(story, rng, n, stem, folder, pool)
                (target / f"{stem}.html").write_text(page, encoding="utf-8")
            else:
                (target / f"{stem}.txt").write_text(render(story, rng, n), encoding="utf-8")
        self.stdout.write(f"Đã ghi {count} tệp vào {target}.")


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
