"""The HTTP benchmark's table and chart: ``python -m benchmarks.http_report IN.jsonl OUT_DIR``.

Redraws ``http.md`` and ``http.png`` from the newest run in a ``http.jsonl`` (``benchmarks.http``
writes them itself after each run). The chart shows what the targets are about, the ratio of
each page to its ceiling in the same run, with the target as a line: cached pages against
nginx serving the same bytes, uncached pages against a bare WSGI app in the same gunicorn.
Pillow only, as ``benchmarks.search_chart``.
"""

import argparse
import json
from pathlib import Path

from PIL import Image, ImageDraw

from benchmarks.search_chart import font

MODES = {"cached": "qua nginx, có bộ đệm", "uncached": "thẳng vào gunicorn, bỏ bộ đệm", "nginx": "qua nginx"}


def _num(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def markdown(rows, summary):
    verdict = {True: "✅ đạt", False: "❌ không đạt", None: ""}
    lines = [
        f"# Đo tải HTTP{(' — ' + summary['label']) if summary.get('label') else ''}",
        "",
        f"Lệnh: `{summary.get('command_line', 'make bench')}`; máy: {summary['machine'].get('cpus')} lõi "
        f"{summary['machine'].get('cpu', '')}; wrk {summary['settings']['threads']} luồng, "
        f"{summary['settings']['seconds']} s mỗi lượt; gunicorn {summary['settings']['gunicorn_workers']} worker "
        f"{summary['settings']['gunicorn_worker_class']}"
        + (f" × {summary['settings']['gunicorn_threads']} luồng" if summary["settings"]["gunicorn_threads"] > 1 else "")
        + (f"; {summary['articles']:,} bài viết, {summary.get('database', '')}" if summary.get("articles") else "")
        + ".",
        "",
        "Hỏng = phản hồi không như mong đợi (khác 200, với đèn hiệu khác 204) cộng lỗi kết nối, đọc và quá "
        "hạn của wrk: phải bằng 0.",
        "",
        "Tỉ lệ = req/s của trang ÷ req/s của trần đo ngay sau đó trên cùng máy: *nginx tĩnh* phục vụ đúng các "
        "byte đó như tệp tĩnh (trang có bộ đệm), *WSGI trần* trả đúng các byte đó trong cùng cấu hình gunicorn "
        "(trang bỏ bộ đệm).",
        "",
        "| Trang | Chế độ | Kết nối | req/s | p50 ms | p99 ms | Trần | Trần req/s | Tỉ lệ | HIT | Hỏng "
        "| Mục tiêu | Kết quả |",
        "|---|---|--:|--:|--:|--:|---|--:|--:|--:|--:|---|---|",
    ]
    for r in rows:
        hit = "–" if r["hit_share"] is None else f"{r['hit_share']:.0%}"
        ratio = "–" if r["ratio"] is None else f"{r['ratio']:.3f}"
        lines.append(
            f"| {r['label']} `{r['path']}` | {MODES.get(r['mode'], r['mode'])} | {r['connections']} | "
            f"{_num(r['rps'])} | {_num(r['p50_ms'], 1)} | {_num(r['p99_ms'], 1)} | {r['ceiling'] or '–'} | "
            f"{_num(r['ceiling_rps'])} | {ratio} | {hit} | {r.get('unexpected', 0) + r['socket_errors']} | "
            f"{r['target'] or '–'} | {verdict[r['pass']]} |"
        )
    lines.append("")
    for r in rows:
        if r.get("beacon"):
            b = r["beacon"]
            lines.append(
                f"- Đèn hiệu, {r['connections']} kết nối: gửi {b['sent']}, máy chủ nhận (204) {b['accepted_204']}, "
                f"kho lưu thêm {b['stored']} lượt → {'đếm đúng' if b['exact'] else 'ĐẾM SAI'} "
                "(đúng khi kho giữ mọi lượt đã nhận và không hơn số đã gửi)."
            )
    slow = summary["slow_clients"]
    lines += [
        f"- Máy khách chậm: {slow['clients']} kết nối ({', '.join(f'{k}: {v}' for k, v in slow['kinds'].items())}) "
        f"giữ suốt lượt đo, tối đa {slow['max_open_at_once']} cùng lúc, "
        f"mở lại {sum(slow['connections_opened'].values())} lần; nginx trả họ {slow['statuses'] or 'không gì'}; "
        f"phản hồi ≥ 500: {slow['server_errors']}.",
        f"- Phản hồi ≥ 500 trong cả lượt đo: {summary['server_errors']}.",
        *(f"- **Không đo được** {name}: {reason}" for name, reason in summary.get("failed_pages", {}).items()),
        f"- Tổng thời gian đo: {summary['minutes']} phút. Kết luận: "
        + ("**mọi mục tiêu đạt**." if summary["all_pass"] else "**có mục tiêu không đạt**."),
        "",
    ]
    return "\n".join(lines)


def chart(rows, summary, out):
    """Two panels of bars, ratio to ceiling per page, the target drawn across each."""
    panels = [
        ("cached", "Có bộ đệm (nginx) ÷ nginx tĩnh, 16 kết nối", 0.5),
        ("uncached", "Bỏ bộ đệm (gunicorn) ÷ WSGI trần, 16 kết nối", 0.03),
    ]
    connections = summary["settings"]["connections"]
    width, height = 1100, 760
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    pen.text((30, 18), "Đo tải HTTP: tỉ lệ so với trần trong cùng lượt đo", font=font(24, bold=True), fill="black")
    subtitle = (
        (f"{summary['articles']:,} bài viết, {summary.get('database', '')}; " if summary.get("articles") else "")
        + f"gunicorn {summary['settings']['gunicorn_workers']} worker {summary['settings']['gunicorn_worker_class']}; "
        f"wrk -t{summary['settings']['threads']} -c{connections}, {summary['settings']['seconds']} s"
    )
    pen.text((30, 52), subtitle, font=font(15), fill=(90, 90, 90))
    top = 100
    panel_height = (height - top - 20) // 2
    for index, (mode, title, target) in enumerate(panels):
        data = [r for r in rows if r["mode"] == mode and r["connections"] == connections and r["ratio"] is not None]
        y0 = top + index * panel_height
        heading = (
            title
            + f" — mục tiêu ≥ {target:g}"
            + (" (trang chủ, bài viết; cột xám: không mục tiêu)" if mode == "uncached" else "")
        )
        # Sized to fit: the uncached panel's heading is the longest line of the chart.
        size = 17
        while size > 11 and pen.textlength(heading, font=font(size, bold=True)) > width - 60:
            size -= 1
        pen.text((30, y0), heading, font=font(size, bold=True), fill="black")
        if not data:
            continue
        left, right, plot_top, plot_bottom = 90, width - 30, y0 + 35, y0 + panel_height - 60
        scale = max(max(r["ratio"] for r in data), target) * 1.15
        for fraction in (0, 0.25, 0.5, 0.75, 1):
            value = scale * fraction
            y = plot_bottom - (plot_bottom - plot_top) * fraction
            pen.line((left, y, right, y), fill=(230, 230, 230))
            pen.text((left - 10, y), f"{value:.3f}" if scale < 0.2 else f"{value:.2f}", font=font(12),
                     fill=(110, 110, 110), anchor="rm")  # fmt: skip
        slot = min((right - left) / len(data), 160)
        for n, r in enumerate(data):
            x = left + n * slot + slot * 0.2
            y = plot_bottom - (plot_bottom - plot_top) * r["ratio"] / scale
            colour = {True: (46, 125, 50), False: (198, 40, 40), None: (150, 150, 160)}[r["pass"]]
            pen.rectangle((x, y, x + slot * 0.6, plot_bottom), fill=colour)
            pen.text((x + slot * 0.3, y - 4), f"{r['ratio']:.2f}" if r["ratio"] >= 0.1 else f"{r['ratio']:.3f}",
                     font=font(13, bold=True), fill="black", anchor="mb")  # fmt: skip
            pen.text((x + slot * 0.3, plot_bottom + 6), r["label"], font=font(13), fill="black", anchor="ma")
            pen.text((x + slot * 0.3, plot_bottom + 24), f"{r['rps']:,.0f} / {r['ceiling_rps']:,.0f} req/s",
                     font=font(11), fill=(90, 90, 90), anchor="ma")  # fmt: skip
        y = plot_bottom - (plot_bottom - plot_top) * target / scale
        for x in range(left, right, 12):
            pen.line((x, y, x + 6, y), fill=(20, 20, 20), width=2)
    image.save(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source")
    parser.add_argument("out_dir")
    args = parser.parse_args(argv)
    records = [json.loads(line) for line in Path(args.source).read_text(encoding="utf-8").splitlines() if line]
    last = max(i for i, record in enumerate(records) if record["kind"] == "http-summary")
    first = max((i + 1 for i, record in enumerate(records[:last]) if record["kind"] == "http-summary"), default=0)
    rows, summary = records[first:last], records[last]
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "http.md").write_text(markdown(rows, summary), encoding="utf-8")
    chart(rows, summary, out / "http.png")


if __name__ == "__main__":
    main()
