"""Walks the Wagtail admin in a real browser, as each demo role, and lists the English words on each screen.

Run against a dev server seeded with ``seed_demo --with-demo-users``::

    .venv/bin/python tools/admin_english_scan.py --base-url http://127.0.0.1:8104 [--save after.json]
        [--compare before.json] [--screenshots DIR]

or import ``scan(page, base_url)`` from a browser test and assert every list is empty. A screen is a
role, a name, a path and a few small steps (open a tab, a side panel, a dialog); the text checked is
what a person sees: the rendered text, the document title and the placeholder/title/aria-label/alt/value
of visible elements. The browser announces English (``en-US``), the harshest case: the admin must
stay Vietnamese whatever the browser prefers.

The scan writes to the database it visits: the editor creates a draft article and submits it, and the
reviewer approves it (with a comment), because the messages and workflow dialogs only exist then.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.english_detector import ALLOWED, english_words  # noqa: E402

__all__ = ["ALLOWED", "PASSWORDS", "SCREENS", "Screen", "english_words", "scan"]

PASSWORDS = {"admin": "thidua-admin", "bientap": "thidua-demo", "duyetbai": "thidua-demo", "truyenthong": "thidua-demo"}
# A new title (hence slug) on every run: a repeated slug under the same campaign fails validation.
NEW_ARTICLE_TITLE = "Bài thử giao diện quản trị tiếng Việt {stamp}"
# Debian's Chromium (Playwright's own browser download cannot work here), without the background
# connections this closed network refuses; the browser tests (tests/e2e) launch it the same way.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

FOOTER_MENU = "footer [data-w-dropdown-target='toggle']"


@dataclass(frozen=True)
class Screen:
    """One thing a person looks at. ``path`` may hold ``{name}`` placeholders resolved from the
    demo data (see ``_resolve``); ``None`` stays on the page left by the previous screen. Steps:
    ``("click", css)``, ``("force_click", css)``, ``("fill", css, value)``, ``("press", key)``,
    ``("wait", ms)``, ``("wait_url", regex)``, ``("remember", name, url_regex)``."""

    role: str | None
    name: str
    path: str | None
    steps: tuple = field(default_factory=tuple)


def _edit(name, role, path, *steps):
    return Screen(role, name, path, tuple(steps))


ARTICLE = "/admin/pages/{article}/edit/"
SCREENS: list[Screen] = [
    Screen(None, "đăng nhập", "/admin/login/"),
    # --- Quản trị viên: every screen --------------------------------------------------------
    Screen("admin", "bảng điều khiển", "/admin/"),
    Screen("admin", "cây trang (gốc)", "/admin/pages/"),
    Screen("admin", "danh sách phong trào", "/admin/pages/{campaign_index}/"),
    Screen("admin", "danh sách bài của phong trào", "/admin/pages/{campaign}/"),
    _edit(
        "danh sách bài: bộ lọc",
        "admin",
        None,
        ("click", "[aria-label='Show filters'], #filters-drilldown ~ * button, .w-drilldown button"),
        ("wait", 400),
    ),
    _edit(
        "danh sách bài: thao tác hàng loạt",
        "admin",
        "/admin/pages/{campaign}/",
        ("click", "input[data-bulk-action-checkbox]"),
        ("wait", 400),
    ),
    _edit(
        "danh sách bài: menu thao tác của trang",
        "admin",
        None,
        ("click", "header [data-w-dropdown-target='toggle']"),
        ("wait", 300),
    ),
    Screen("admin", "tìm trang", "/admin/pages/search/?q=thi+%C4%91ua"),
    Screen("admin", "sửa bài: nội dung", ARTICLE),
    _edit(
        "sửa bài: tab quảng bá",
        "admin",
        None,
        ("click", "a[role='tab'][href*='quang_ba'], a[role='tab'][href*='promote']"),
        ("wait", 300),
    ),
    _edit("sửa bài: bảng trạng thái", "admin", ARTICLE, ("click", "[data-side-panel-toggle='status']"), ("wait", 500)),
    _edit(
        "sửa bài: hộp thoại đặt lịch",
        "admin",
        None,
        ("click", "[data-a11y-dialog-show='schedule-publishing-dialog']"),
        ("wait", 400),
    ),
    _edit(
        "sửa bài: lịch chọn ngày",
        "admin",
        None,
        ("click", "#schedule-publishing-dialog input[name='go_live_at']"),
        ("wait", 400),
    ),
    _edit("sửa bài: nhận xét", "admin", ARTICLE, ("click", "[data-side-panel-toggle='comments']"), ("wait", 500)),
    _edit("sửa bài: xem trước", "admin", ARTICLE, ("click", "[data-side-panel-toggle='preview']"), ("wait", 1500)),
    _edit("sửa bài: kiểm tra", "admin", ARTICLE, ("click", "[data-side-panel-toggle='checks']"), ("wait", 1500)),
    _edit("sửa bài: sơ đồ thu nhỏ", "admin", ARTICLE, ("click", "#w-minimap-toggle"), ("wait", 400)),
    _edit(
        "sửa bài: chọn loại khối",
        "admin",
        ARTICLE,
        ("force_click", "[data-contentpath='body'] button.c-sf-add-button"),
        ("wait", 400),
    ),
    _edit("sửa bài: menu lưu/xuất bản", "admin", ARTICLE, ("click", FOOTER_MENU), ("wait", 300)),
    Screen("admin", "lịch sử bài", "/admin/pages/{article}/history/"),
    Screen("admin", "thêm bài", "/admin/pages/add/news/articlepage/{campaign}/"),
    _edit("thêm bài: chọn ảnh", "admin", None, ("click", "[data-chooser-action-choose]"), ("wait", 1500)),
    Screen("admin", "sửa phong trào", "/admin/pages/{campaign}/edit/"),
    _edit(
        "sửa phong trào: tab quảng bá",
        "admin",
        None,
        ("click", "a[role='tab'][href*='quang_ba'], a[role='tab'][href*='promote']"),
        ("wait", 300),
    ),
    Screen("admin", "hình ảnh", "/admin/images/"),
    Screen("admin", "sửa ảnh", "/admin/images/{image}/"),
    Screen("admin", "tải ảnh lên", "/admin/images/multiple/add/"),
    Screen("admin", "tài liệu", "/admin/documents/"),
    Screen("admin", "tải tài liệu lên", "/admin/documents/multiple/add/"),
    Screen("admin", "dữ liệu dùng chung", "/admin/snippets/"),
    Screen("admin", "tác giả", "/admin/snippets/news/author/"),
    Screen("admin", "thêm tác giả", "/admin/snippets/news/author/add/"),
    Screen("admin", "sửa tác giả", "/admin/snippets/news/author/edit/{author}/"),
    Screen("admin", "đơn vị", "/admin/snippets/news/organisation/"),
    Screen("admin", "thêm đơn vị", "/admin/snippets/news/organisation/add/"),
    Screen("admin", "sửa đơn vị", "/admin/snippets/news/organisation/edit/{organisation}/"),
    Screen("admin", "khối thi đua", "/admin/snippets/news/emulationbloc/"),
    Screen("admin", "thêm khối thi đua", "/admin/snippets/news/emulationbloc/add/"),
    Screen("admin", "sửa khối thi đua", "/admin/snippets/news/emulationbloc/edit/{bloc}/"),
    Screen("admin", "báo cáo: thống kê truy cập", "/admin/reports/thong-ke-truy-cap/"),
    Screen("admin", "báo cáo: đánh giá bài viết", "/admin/reports/danh-gia/"),
    Screen("admin", "báo cáo: bài nhập cần bổ sung", "/admin/reports/bai-nhap/"),
    Screen("admin", "báo cáo: lịch sử thao tác", "/admin/reports/site-history/"),
    Screen("admin", "báo cáo: quy trình duyệt", "/admin/reports/workflow/"),
    Screen("admin", "báo cáo: các bước duyệt", "/admin/reports/workflow_tasks/"),
    Screen("admin", "báo cáo: trang đang khóa", "/admin/reports/locked/"),
    Screen("admin", "báo cáo: trang lâu chưa cập nhật", "/admin/reports/aging-pages/"),
    Screen("admin", "báo cáo: loại trang", "/admin/reports/page-types-usage/"),
    Screen("admin", "quy trình duyệt", "/admin/workflows/list/"),
    Screen("admin", "bước duyệt", "/admin/workflows/tasks/index/"),
    Screen("admin", "tài khoản: hồ sơ", "/admin/account/"),
    _edit("tài khoản: thông báo", "admin", None, ("click", "a[role='tab'][href='#tab-notifications']"), ("wait", 300)),
    Screen("admin", "người dùng", "/admin/users/"),
    _edit("menu tài khoản", "admin", "/admin/", ("click", "button.sidebar-footer__account"), ("wait", 300)),
    # --- Biên tập viên: writes and submits ------------------------------------------------
    Screen("bientap", "bảng điều khiển (biên tập)", "/admin/"),
    Screen("bientap", "danh sách bài (biên tập)", "/admin/pages/{campaign}/"),
    _edit(
        "lưu nháp bài mới: thông báo",
        "bientap",
        "/admin/pages/add/news/articlepage/{campaign}/",
        ("fill", "#id_title", NEW_ARTICLE_TITLE),  # {stamp} filled in by _run_step
        ("press", "Tab"),  # leaving the title fills the slug
        ("wait", 300),
        ("click", "footer button.action-save"),
        ("wait_url", r"/admin/pages/\d+/edit/"),
        ("remember", "new_article", r"/admin/pages/(\d+)/edit/"),
    ),
    _edit(
        "bài mới: bảng trạng thái (tự lưu)",
        "bientap",
        None,
        ("click", "[data-side-panel-toggle='status']"),
        ("wait", 500),
    ),
    _edit(
        "gửi duyệt: thông báo",
        "bientap",
        "/admin/pages/{new_article}/edit/",
        ("click", FOOTER_MENU),
        ("click", "button[name='action-submit']"),
        ("wait_url", r"/admin/pages/\d+/(edit/)?$"),
    ),
    Screen("bientap", "bài đang chờ duyệt (biên tập)", "/admin/pages/{new_article}/edit/"),
    Screen("bientap", "hình ảnh (biên tập)", "/admin/images/"),
    Screen("bientap", "tải ảnh lên (biên tập)", "/admin/images/multiple/add/"),
    Screen("bientap", "tác giả (biên tập)", "/admin/snippets/news/author/"),
    Screen("bientap", "tài khoản (biên tập)", "/admin/account/"),
    # --- Duyệt bài: reviews and publishes ---------------------------------------------------
    Screen("duyetbai", "bảng điều khiển (duyệt bài)", "/admin/"),
    _edit(
        "bài chờ duyệt: menu thao tác",
        "duyetbai",
        "/admin/pages/{new_article}/edit/",
        ("click", FOOTER_MENU),
        ("wait", 300),
    ),
    _edit(
        "bài chờ duyệt: hộp thoại yêu cầu sửa",
        "duyetbai",
        "/admin/pages/{new_article}/edit/",
        ("click", FOOTER_MENU),
        (
            "click",
            "button[data-workflow-action-name='reject']",
        ),
        ("wait", 1200),
    ),
    _edit(
        "bài chờ duyệt: hộp thoại duyệt kèm nhận xét",
        "duyetbai",
        "/admin/pages/{new_article}/edit/",
        ("click", FOOTER_MENU),
        ("click", "button[data-workflow-action-name='approve'][data-workflow-action-modal-url]"),
        ("wait", 1200),
    ),
    _edit(
        "duyệt bài: thông báo",
        "duyetbai",
        None,
        ("fill", ".modal textarea", "Đồng ý đăng."),
        ("click", ".modal button[type='submit']"),
        ("wait_url", r"/admin/(pages/\d+/)?$"),
    ),
    Screen("duyetbai", "lịch sử quy trình của bài", "/admin/pages/{new_article}/workflow_history/"),
    Screen("duyetbai", "báo cáo quy trình (duyệt bài)", "/admin/reports/workflow/"),
    Screen("duyetbai", "lịch sử thao tác (duyệt bài)", "/admin/reports/site-history/"),
    # --- Truyền thông: communications ------------------------------------------------------
    Screen("truyenthong", "bảng điều khiển (truyền thông)", "/admin/"),
    Screen("truyenthong", "đánh giá bài viết (truyền thông)", "/admin/reports/danh-gia/"),
    Screen("truyenthong", "tài khoản (truyền thông)", "/admin/account/"),
]

# Visible text plus the attributes a person or a screen reader meets on visible elements.
_VISIBLE_TEXT_JS = """
() => {
  const parts = [document.title, document.body.innerText];
  const visible = (el) => {
    if (el.closest('[hidden], [aria-hidden="true"]') && !el.matches('input, textarea, select')) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], [alt], input[value]')) {
    if (!visible(el)) continue;
    for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
      if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
    }
    if (el.matches('input[type=submit], input[type=button], input[type=reset]')) parts.push(el.value);
  }
  return parts.join('\\n');
}
"""

# Where the placeholders of SCREENS come from: a listing and the first id its links carry.
_RESOLVERS = {
    "home": ("news.HomePage", None),
    "campaign_index": ("news.CampaignIndexPage", None),
    "campaign": ("news.CampaignPage", None),
    "article": ("news.ArticlePage", None),
    "image": ("/admin/images/", r"/admin/images/(\d+)/"),
    "author": ("/admin/snippets/news/author/", r"/admin/snippets/news/author/edit/(\d+)/"),
    "organisation": ("/admin/snippets/news/organisation/", r"/admin/snippets/news/organisation/edit/(\d+)/"),
    "bloc": ("/admin/snippets/news/emulationbloc/", r"/admin/snippets/news/emulationbloc/edit/(\d+)/"),
}


def visible_text(page) -> str:
    return page.evaluate(_VISIBLE_TEXT_JS)


def login(page, base_url: str, role: str | None) -> None:
    page.context.clear_cookies()
    if role is None:
        return
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name='username']", role)
    page.fill("input[name='password']", PASSWORDS[role])
    page.click("form button[type='submit']")
    page.wait_for_url(re.compile(r"/admin/$"))


def _resolve(page, base_url: str, known: dict) -> None:
    """Fill ``known`` with the ids the screens need (logged in as a superuser)."""
    for name, (path, pattern) in _RESOLVERS.items():
        if name in known:
            continue
        if pattern is None:  # a page type: read the admin API's page list, 20 at a time
            offset = 0
            while name not in known:
                url = f"{base_url}/admin/api/main/pages/?order=id&limit=20&offset={offset}"
                items = page.request.get(url).json().get("items", [])
                if not items:
                    break
                ids = [item["id"] for item in items if item["meta"]["type"] == path]
                if ids:
                    known[name] = str(ids[0])
                offset += len(items)
            continue
        page.goto(base_url + path)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            if m := re.search(pattern + r"(?:\?|$)", href):
                known[name] = m.group(1)
                break


def _run_step(page, step: tuple, known: dict) -> None:
    verb, *args = step
    if verb == "click":
        page.locator(args[0]).locator("visible=true").first.click(timeout=5000)
    elif verb == "force_click":  # controls shown only on hover
        page.locator(args[0]).first.click(timeout=5000, force=True)
    elif verb == "fill":
        value = args[1].replace("{stamp}", time.strftime("%d%m-%H%M%S"))
        page.locator(args[0]).locator("visible=true").first.fill(value, timeout=5000)
    elif verb == "press":
        page.keyboard.press(args[0])
    elif verb == "wait":
        page.wait_for_timeout(args[0])
    elif verb == "wait_url":
        page.wait_for_url(re.compile(args[0]), timeout=15000)
        page.wait_for_load_state("networkidle")
    elif verb == "remember":
        if m := re.search(args[1], page.url):
            known[args[0]] = m.group(1)
    else:  # pragma: no cover - a typo in SCREENS
        raise ValueError(f"unknown step {verb!r}")


def scan(
    page, base_url: str, screens: list[Screen] | None = None, screenshots: Path | None = None, texts: dict | None = None
) -> dict:
    """Visit every screen and return ``{screen name: [English words]}``.

    A screen that cannot be reached (missing data, a selector that no longer matches) is reported as
    ``["<không mở được: …>"]`` rather than silently passing. ``texts``, when given, receives each
    screen's checked text (to find which message ids a screen shows)."""
    base_url = base_url.rstrip("/")
    screens = SCREENS if screens is None else screens
    page.context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    known: dict[str, str] = {}
    login(page, base_url, "admin")
    _resolve(page, base_url, known)
    results: dict[str, list[str]] = {}
    role = "?"
    for screen in screens:
        if screen.role != role:
            login(page, base_url, screen.role)
            role = screen.role
        try:
            if screen.path is not None:
                page.goto(base_url + screen.path.format(**known))
                page.wait_for_load_state("networkidle")
            for step in screen.steps:
                _run_step(page, step, known)
            page.wait_for_timeout(150)
            text = visible_text(page)
            if texts is not None:
                texts[screen.name] = text
            results[screen.name] = english_words(text)
        except Exception as error:  # noqa: BLE001 - reported, never hidden
            results[screen.name] = [f"<không mở được: {type(error).__name__}: {str(error).splitlines()[0][:120]}>"]
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"\W+", "-", screen.name, flags=re.UNICODE).strip("-")
            page.screenshot(path=str(screenshots / f"{len(results):02d}-{slug}.png"), full_page=False)
    return results


def _launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tìm chữ tiếng Anh trên các màn hình quản trị Wagtail.")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--save", type=Path, help="ghi kết quả (JSON) vào tệp này")
    parser.add_argument("--compare", type=Path, help="kết quả trước (JSON) để in 'trước → sau'")
    parser.add_argument("--screenshots", type=Path, help="chụp màn hình từng màn vào thư mục này")
    parser.add_argument("--texts", type=Path, help="ghi văn bản đã kiểm tra của từng màn (JSON) vào tệp này")
    parser.add_argument("--role", action="append", help="chỉ quét các màn của vai trò này (lặp được)")
    options = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="en-US")
        screens = [s for s in SCREENS if not options.role or (s.role or "") in options.role]
        texts: dict[str, str] = {}
        results = scan(page, options.base_url, screens, screenshots=options.screenshots, texts=texts)
        browser.close()
    before = json.loads(options.compare.read_text(encoding="utf-8")) if options.compare else {}
    if options.texts:
        options.texts.write_text(json.dumps(texts, ensure_ascii=False, indent=1), encoding="utf-8")
    if options.save:
        options.save.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    width = max(len(name) for name in results)
    for name, words in results.items():
        count = f"{len(before[name])} → {len(words)}" if name in before else str(len(words))
        print(f"{name:<{width}}  {count:>8}  {' '.join(words)}")
    total_before = sum(len(before.get(name, [])) for name in results)
    total = sum(len(words) for words in results.values())
    print(f"{'tổng':<{width}}  {(f'{total_before} → ' if before else '') + str(total):>8}")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
