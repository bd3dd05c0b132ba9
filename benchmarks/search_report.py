"""Write ``benchmarks.search`` results up as Markdown (``docs/bench/search.md``, refreshed by hand
from ``bench-results/`` after ``make bench-search``).

``python -m benchmarks.search_report IN.jsonl OUT.md [--label L] [--chart search.png]``: the newest
``"kind": "search"`` line (or the one labelled L) and the corpus line loaded for it.
"""

import argparse
import json
from pathlib import Path

from benchmarks.search_chart import TYPES

YES, NO = "✓", "✗"


def grouped(value):
    return "–" if value is None else f"{value:,}".replace(",", ".")


def ms(value):
    if value is None:
        return "–"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def needles(entry):
    """ "1/3, –" for the variants aimed at a planted phrase (– for the others, "cắt" when cut)."""
    found = entry.get("needles") or []
    if not any(found):
        return "–"
    hits = entry.get("hits") or [0] * len(found)
    cells = []
    for pair, hit in zip(found, hits, strict=False):
        cells.append("cắt" if hit is None else "–" if pair is None else f"{pair[0]}/{pair[1]}")
    return ", ".join(cells)


def load(source, label=None):
    rows = [json.loads(line) for line in Path(source).read_text(encoding="utf-8").splitlines() if line.strip()]
    searches = [row for row in rows if row.get("kind") == "search" and (label is None or row["label"] == label)]
    if not searches:
        raise SystemExit(f"{source}: không có dòng kết quả tìm kiếm")
    search = searches[-1]
    corpora = [row for row in rows if row.get("kind") == "corpus" and row.get("label") == search["label"]]
    return search, (corpora[-1] if corpora else None)


def check(ok):
    return YES if ok else NO


def render(search, corpus, chart=None):
    targets = search.get("targets", {"p95_ms": 30, "rss_added_mb": 150, "rebuild_s": 300})
    machine = search.get("machine", {})
    lines = [
        "# Đo tìm kiếm công khai / Public search benchmark",
        "",
        f"- **Ngày / date:** {search['date']}",
        f"- **Lệnh / command:** `{search['command']}`"
        + (f" (đo tìm kiếm / search part: {search['wall_s']} s)" if "wall_s" in search else ""),
        f"- **Máy / machine:** {machine.get('cpu', '?')}, {machine.get('cpus', '?')} lõi / cores, "
        f"{machine.get('memory_gb', '?')} GB RAM, Python {machine.get('python', '?')}, {machine.get('platform', '')}; "
        f"tải trung bình lúc bắt đầu / load average at start {machine.get('load_average')} (máy dùng chung / shared)",
        f"- **Công cụ / engine:** `{search.get('engine')}`, settings `{search['settings']}`, "
        f"cơ sở dữ liệu / database {search['database']}",
    ]
    if corpus:
        lines.append(
            f"- **Kho bài / corpus:** {grouped(corpus['articles'])} bài "
            f"(`benchmarks/corpus.py`, seed {corpus['seed']}): "
            f"{grouped(corpus['syllables'])} âm tiết khác nhau ({grouped(corpus['syllables_folded'])} khi bỏ dấu), "
            f"{grouped(corpus['pairs'])} cặp âm tiết liền nhau khác nhau ({grouped(corpus['pairs_folded'])} khi bỏ "
            f"dấu), {grouped(corpus['tokens'])} âm tiết; nạp / loaded in {corpus['load_s']} s "
            f"({corpus['articles_per_s']} bài/s)"
        )
    lines += [
        "",
        f"Mục tiêu / targets (ở 100.000 bài / at 100,000 articles): p95 ≤ {targets['p95_ms']} ms mỗi loại truy "
        f"vấn, RSS thêm mỗi worker ≤ {targets['rss_added_mb']} MB, lập chỉ mục ≤ {targets['rebuild_s'] // 60} phút, "
        "0 câu trả lời sai và 0 lỗi ≥ 500 khi lập lại.",
    ]
    if chart:
        lines += ["", f"![p50/p95 theo loại truy vấn]({chart})"]

    latency = search["latency"]
    checks = latency.get("_checks", {})
    lines += [
        "",
        "## Độ trễ qua API JSON / latency through the JSON API (ms)",
        "",
        "Trong tiến trình (Django test `Client`, settings production, `DEBUG` tắt); backend gốc: "
        "`ArticlePage.objects.live().search()` / `.autocomplete()` trên cùng kho, mỗi truy vấn bị cắt sau "
        "mức trần (≥: cận dưới). *Kết quả*: số bài tìm được của từng biến thể (gợi ý: số gợi ý). *Kim*: trong "
        "trang kết quả đầu, số bài chứa đúng cụm đã cài (tên hiếm, cụm bốn từ, cụm gõ không dấu) trên số tối đa "
        "có thể (≤ 10) / planted articles on the first page, out of what could be there.",
        "",
        "| loại truy vấn / query type | p50 | p95 | gốc p50 | gốc p95 | kết quả (công cụ) | kết quả (gốc) | "
        f"kim (công cụ) | kim (gốc) | p95 ≤ {targets['p95_ms']} ms |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- | --- | --- | :---: |",
    ]
    for kind, vietnamese, english in TYPES:
        entry = latency.get(kind)
        if not entry:
            continue
        engine, stock = entry["engine"], entry.get("stock", {})
        cut = "≥ " if stock.get("capped") else ""
        stock_hits = ", ".join("cắt" if h is None else str(h) for h in stock.get("hits", []))
        lines.append(
            f"| {vietnamese} / {english} | {ms(engine['p50_ms'])} | {ms(engine['p95_ms'])} | "
            f"{cut}{ms(stock.get('p50_ms'))} | {cut}{ms(stock.get('p95_ms'))} | "
            f"{', '.join(map(str, engine['hits']))} | {stock_hits or '–'} | {needles(engine)} | {needles(stock)} | "
            f"{check(engine['p95_ms'] <= targets['p95_ms'])} |"
        )
    lines += [
        "",
        f"Mỗi biến thể đo {checks.get('repeat')} lần / timed {checks.get('repeat')} times per variant. Yêu cầu "
        f"đầu tiên (công cụ nạp chỉ mục) / first request: {ms(checks.get('cold_first_request_ms'))} ms. Không có "
        f"cache trước công cụ / no cache in front: middleware cache {checks.get('cache_middleware') or 'không có'}, "
        f"{checks.get('api_requests')} yêu cầu API → {checks.get('engine_calls')} lượt vào công cụ.",
    ]

    build = search["build"]
    lines += [
        "",
        "## Lập chỉ mục / index build (`search_index rebuild`)",
        "",
        "| thời gian / wall | RAM tối đa / peak RSS | `SEARCH_INDEX_DIR` trên đĩa / on disk | tệp / files | "
        f"≤ {targets['rebuild_s'] // 60} phút |",
        "| ---: | ---: | ---: | ---: | :---: |",
        f"| {build['seconds']} s | {build['peak_rss_mb']} MB | {build['index']['disk_mb']} MB | "
        f"{build['index']['files']} | {check(build['seconds'] <= targets['rebuild_s'])} |",
    ]

    workers = search.get("workers", {})
    lines += ["", "## Bộ nhớ worker gunicorn / worker memory", ""]
    if "skipped" in workers:
        lines.append(f"Bỏ qua / skipped: {workers['skipped']}.")
    else:
        lines += [
            f"{workers['count']} worker × {workers['threads']} luồng, settings production; RSS lúc mới khởi động "
            f"(chưa nhận yêu cầu nào) và sau {grouped(workers['searches'])} lượt tìm chia cho các worker "
            f"({workers['seconds']} s, mã trả về {workers['statuses']}). PSS chia trang dùng chung giữa các worker.",
            "",
            "| worker | lượt / requests | RSS mới / fresh | RSS sau / after | RSS thêm / added | PSS | "
            f"≤ {targets['rss_added_mb']} MB |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
        ]
        for worker in workers["per_worker"]:
            lines.append(
                f"| {worker['pid']} | {worker['requests']} | {worker['rss_fresh_mb']} MB | {worker['rss_mb']} MB | "
                f"{worker['rss_added_mb']} MB | {worker['pss_mb']} MB | "
                f"{check(worker['rss_added_mb'] <= targets['rss_added_mb'])} |"
            )

    rebuild = search.get("rebuild_under_load", {})
    lines += ["", "## Lập lại chỉ mục khi đang phục vụ / rebuild under load", ""]
    if "skipped" in rebuild:
        lines.append(f"Bỏ qua / skipped: {rebuild['skipped']}.")
    else:
        lines += [
            f"{rebuild['clients']} luồng khách hỏi liên tục {rebuild['queries']} truy vấn cố định (mọi loại ở trên) "
            f"trong khi `search_index rebuild` chạy ({rebuild['seconds']} s, RAM tối đa {rebuild['peak_rss_mb']} MB), "
            f"từ 2 s trước đến {rebuild['settle_s']:g} s sau. *Sai*: khác câu trả lời trước khi lập lại (số bài và "
            "tập URL trang đầu; gợi ý: tập URL); kho không đổi trong lúc đó. "
            f"Chỉ mục trên đĩa: {rebuild['index_before']['disk_mb']} MB trước, {rebuild['index_after']['disk_mb']} MB "
            f"sau ({rebuild['index_after']['files']} tệp).",
            "",
            "| giai đoạn / phase | phản hồi / responses | ≥ 500 | sai / wrong | lỗi kết nối / errors "
            "| p50 ms | p95 ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        names = {"before": "trước / before", "during": "trong / during", "after": "sau / after"}
        for phase, label in names.items():
            entry = rebuild["phases"][phase]
            lines.append(
                f"| {label} | {entry['responses']} | {entry['status_5xx']} | {entry['wrong']} | {entry['errors']} | "
                f"{ms(entry.get('p50_ms'))} | {ms(entry.get('p95_ms'))} |"
            )
        ok = rebuild["wrong"] == 0 and rebuild["status_5xx"] == 0
        lines += [
            f"| **tổng / total** | **{rebuild['responses']}** | **{rebuild['status_5xx']}** | **{rebuild['wrong']}** | "
            f"**{rebuild['errors']}** | | |",
            "",
            f"0 sai, 0 ≥ 500: {check(ok)}.",
        ]
        if rebuild.get("baseline_inconsistent"):
            lines.append(f"Trước khi lập lại, các worker đã trả lời khác nhau cho: {rebuild['baseline_inconsistent']}.")
        for example in rebuild.get("wrong_examples", [])[:3]:
            lines.append(
                f"- ví dụ sai ({example['phase']}): `{example['path']}` → {example['got']} thay vì "
                f"{example['expected']}; thiếu {example.get('missing')}, thừa {example.get('extra')}"
            )
    lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Viết kết quả đo tìm kiếm thành Markdown.")
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--label")
    parser.add_argument("--chart", default="search.png", help="Đường dẫn ảnh biểu đồ, tương đối với tệp .md.")
    args = parser.parse_args(argv)
    search, corpus = load(args.source, args.label)
    Path(args.target).parent.mkdir(parents=True, exist_ok=True)
    Path(args.target).write_text(render(search, corpus, args.chart), encoding="utf-8")
    print(f"báo cáo / report: {args.target}")


if __name__ == "__main__":
    main()
