"""Draw bench_search results (JSON lines) as a PNG bar chart, log scale: python -m benchmarks.search_chart IN OUT."""

import json
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

COLOURS = {"embedded": (158, 27, 27), "stock": (120, 120, 130)}


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def fonts():
    """DejaVu (Debian's fonts-dejavu-core) has the Vietnamese glyphs; Pillow's default may not."""
    if FONT.exists():
        return ImageFont.truetype(str(FONT), 16), ImageFont.truetype(str(FONT), 13), True
    return ImageFont.load_default(size=16), ImageFont.load_default(size=13), False


def draw(rows, out):
    width, height, left, bottom, top = 900, 520, 90, 70, 70
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    font, small, vietnamese = fonts()
    title = "Tìm kiếm: độ trễ p95 (ms, thang log)" if vietnamese else "Search p95 latency (ms, log scale)"
    pen.text((left, 20), title, fill="black", font=font)
    values = [row[key] for row in rows for key in ("embedded_p95_ms", "stock_p95_ms")]
    high = 10 ** math.ceil(math.log10(max(values)))
    low = 10 ** math.floor(math.log10(max(min(values), 0.1)))
    plot_h = height - top - bottom

    def y(value):
        return top + plot_h * (1 - (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low)))

    decade = low
    while decade <= high:
        pen.line([(left, y(decade)), (width - 30, y(decade))], fill=(225, 225, 225))
        pen.text((10, y(decade) - 8), f"{decade:g} ms", fill="black", font=small)
        decade *= 10
    group = (width - left - 60) / max(len(rows), 1)
    for n, row in enumerate(rows):
        x0 = left + 30 + n * group
        for m, (key, name) in enumerate((("embedded_p95_ms", "embedded"), ("stock_p95_ms", "stock"))):
            value = row[key]
            bx = x0 + m * 90
            pen.rectangle([bx, y(value), bx + 70, top + plot_h], fill=COLOURS[name])
            capped = name == "stock" and row.get("stock_capped_queries")
            pen.text((bx, y(value) - 18), f"{'≥ ' if capped else ''}{value:g}", fill="black", font=small)
        unit = "bài" if vietnamese else "articles"
        caption = f"{row['articles']:,} {unit}  (×{row['speedup_p95']})".replace(",", ".")
        pen.text((x0, top + plot_h + 10), caption, fill="black", font=font)
    pen.rectangle([width - 250, 50, width - 236, 64], fill=COLOURS["embedded"])
    pen.text((width - 230, 48), "công cụ nhúng" if vietnamese else "embedded engine", fill="black", font=small)
    pen.rectangle([width - 250, 72, width - 236, 86], fill=COLOURS["stock"])
    pen.text((width - 230, 70), "Wagtail database backend", fill="black", font=small)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    image.save(out)


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    draw([json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines() if line.strip()], target)
    print(f"chart: {target}")
