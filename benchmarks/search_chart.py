"""Draw ``benchmarks.search`` results as a PNG: p50/p95 per query type, engine beside Wagtail's stock
backend, log scale, the p95 target as a line. ``python -m benchmarks.search_chart IN.jsonl OUT.png [--label L]``.

Pillow only (already a Wagtail dependency); the newest ``"kind": "search"`` line is drawn
unless ``--label`` picks another.
"""

import argparse
import json
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TYPES = [
    ("common_phrase", "“thi đua”", "common phrase"),
    ("rare_name", "tên hiếm", "rare name"),
    ("four_words", "cụm bốn từ", "four words"),
    ("unaccented", "không dấu", "no accents"),
    ("facets", "có bộ lọc", "with facets"),
    ("suggest", "gợi ý", "suggest"),
]
SERIES = [
    ("engine", "p50_ms", (232, 142, 142), "công cụ p50"),
    ("engine", "p95_ms", (158, 27, 27), "công cụ p95"),
    ("stock", "p50_ms", (190, 190, 198), "Wagtail gốc p50"),
    ("stock", "p95_ms", (110, 110, 122), "Wagtail gốc p95"),
]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def font(size, bold=False):
    """DejaVu (Debian's fonts-dejavu-core) has the Vietnamese glyphs; Pillow's default may not."""
    path = BOLD if bold and BOLD.exists() else FONT
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default(size=size)


def short(value):
    """A bar's label, narrow enough for its bar: 4.9, 786, 1.4s, 10s."""
    if value >= 9950:
        return f"{value / 1000:.0f}s"
    if value >= 1000:
        return f"{value / 1000:.1f}s"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def load(source, label=None):
    rows = [json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines() if line.strip()]
    searches = [row for row in rows if row.get("kind") == "search" and (label is None or row["label"] == label)]
    if not searches:
        raise SystemExit(f"{source}: không có dòng kết quả tìm kiếm" + (f" nhãn {label}" if label else ""))
    return searches[-1]


def draw(result, out):
    width, height = 1100, 620
    left, right, top, bottom = 90, 30, 110, 110
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    title, small, tiny = font(20, bold=True), font(14), font(11)
    articles = f"{result['articles']:,}".replace(",", ".")
    pen.text((left, 18), f"Tìm kiếm trên {articles} bài: p50 / p95 theo loại truy vấn", fill="black", font=title)
    latency = result["latency"]
    capped = [latency[k]["stock"] for k, *_ in TYPES if latency.get(k, {}).get("stock", {}).get("capped")]
    note = f" · ≥: truy vấn bị cắt ở {capped[0]['cap_s']:g} s" if capped else ""
    pen.text(
        (left, 48),
        f"công cụ {result.get('engine', '?')} so với backend cơ sở dữ liệu của Wagtail · ms, thang log · "
        f"{result['date'][:10]}{note}",
        fill=(70, 70, 70),
        font=small,
    )
    values = [
        latency[kind][side][key]
        for kind, *_ in TYPES
        for side, key, *_ in SERIES
        if latency.get(kind, {}).get(side, {}).get(key)
    ]
    low = 10 ** math.floor(math.log10(max(min(values), 0.1)))
    high = 10 ** math.ceil(math.log10(max(max(values), 31)) - 0.01)  # 10.004 s (a cut query) stays under 10⁴
    plot_w, plot_h = width - left - right, height - top - bottom

    span = math.log10(high) - math.log10(low)

    def y(value):
        return top + plot_h * (1 - (math.log10(min(max(value, low), high)) - math.log10(low)) / span)

    decade = low
    while decade <= high * 1.0001:
        pen.line([(left, y(decade)), (width - right, y(decade))], fill=(225, 225, 225))
        pen.text((10, y(decade) - 8), f"{decade:g} ms", fill="black", font=small)
        decade *= 10

    group = plot_w / len(TYPES)
    bar = (group - 30) / len(SERIES)
    for n, (kind, vietnamese, english) in enumerate(TYPES):
        x0 = left + n * group + 15
        for m, (side, key, colour, _) in enumerate(SERIES):
            entry = latency.get(kind, {}).get(side)
            if not entry or entry.get(key) is None:
                continue
            value = entry[key]
            bx = x0 + m * bar
            pen.rectangle([bx + 2, y(value), bx + bar - 2, top + plot_h], fill=colour)
            capped = side == "stock" and entry.get("capped")
            text = ("≥" if capped else "") + short(value)
            pen.text((bx + 2, y(value) - 14), text, fill="black", font=tiny)
        pen.text((x0, top + plot_h + 10), vietnamese, fill="black", font=small)
        pen.text((x0, top + plot_h + 30), english, fill=(90, 90, 90), font=tiny)

    target = result.get("targets", {}).get("p95_ms", 30)
    green = (30, 110, 40)
    dashes = range(left, width - right, 14)
    for x in dashes:  # over the bars: which ones cross it is the point
        pen.line([(x, y(target)), (x + 7, y(target))], fill=green, width=2)
    legend_y = height - 40
    for m, (_, _, colour, name) in enumerate(SERIES):
        lx = left + m * 175
        pen.rectangle([lx, legend_y, lx + 14, legend_y + 14], fill=colour)
        pen.text((lx + 20, legend_y - 1), name, fill="black", font=small)
    lx = left + 4 * 175
    for x in range(lx, lx + 28, 14):
        pen.line([(x, legend_y + 7), (x + 7, legend_y + 7)], fill=green, width=2)
    pen.text((lx + 34, legend_y - 1), f"mục tiêu p95 ≤ {target} ms", fill=green, font=small)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    image.save(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Vẽ biểu đồ kết quả đo tìm kiếm.")
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--label")
    args = parser.parse_args(argv)
    draw(load(args.source, args.label), args.target)
    print(f"biểu đồ / chart: {args.target}")


if __name__ == "__main__":
    main()
