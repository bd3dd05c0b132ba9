"""Write N invented stories as old-portal text exports (for benchmarks and demos).

``python -m benchmarks.sample_exports DIR --count N`` (used by ``make bench-import``).

The shapes rotate through everything the format document describes: datelines,
the four timestamp styles, photo markers with credits, bare captions, dotted and
single-space separators, bylines and page chrome, some files without a time.
"""

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


class Command(BaseCommand):
    help = "Ghi N tệp xuất mẫu (bài bịa) theo định dạng cổng cũ, để đo tốc độ nhập."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, directory, count, seed, **options):
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
        for n in range(count):
            spec = content.CAMPAIGNS[n % len(content.CAMPAIGNS)]
            story = seeder.compose(spec)
            story["title"] = f"{story['title']} (số {n + 1})"
            (target / f"bai-{n + 1:05d}.txt").write_text(render(story, rng, n), encoding="utf-8")
        self.stdout.write(f"Đã ghi {count} tệp vào {target}.")


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
