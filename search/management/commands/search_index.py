"""``search_index rebuild | drain | status``: the operator's handle on public search."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import outbox
from search.documents import refresh_all_documents
from search.engines import get_engine
from search.engines.base import RebuildRunning, SearchUnavailable
from search.models import SearchDocument, SearchOutbox


class Command(BaseCommand):
    help = (
        "Quản lý chỉ mục tìm kiếm công khai. `rebuild`: tính lại mọi tài liệu và lập chỉ mục mới bên cạnh "
        "chỉ mục đang phục vụ rồi chuyển sang (không gián đoạn). `drain`: đẩy các thay đổi còn chờ sang "
        "công cụ tìm kiếm (chạy định kỳ bằng cron/systemd). `status`: số tài liệu và thay đổi đang chờ."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "drain", "status"])
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến trình.")
        parser.add_argument(
            "--index-only", action="store_true", help="Bỏ bước tính lại tài liệu; chỉ lập lại chỉ mục từ bảng tài liệu."
        )
        parser.add_argument("--follow", action="store_true", help="drain: chạy mãi, mỗi --interval giây một lần.")
        parser.add_argument("--interval", type=float, default=5.0)
        parser.add_argument("--retry-now", action="store_true", help="drain: thử lại ngay các thay đổi đang chờ lùi.")

    def handle(self, *args, action, no_progress, index_only, follow, interval, retry_now, **options):
        engine = get_engine()
        if action == "rebuild":
            self.rebuild(engine, no_progress, index_only)
        elif action == "drain":
            if retry_now:
                outbox.retry_now()
            while True:
                result = outbox.drain(engine, timeout=60)
                self.report(engine, result)
                if not follow:
                    if result.failed or result.busy:
                        raise CommandError("Còn thay đổi chưa đẩy được; sẽ thử lại ở lần chạy sau.")
                    return
                time.sleep(interval)
        else:
            pending = outbox.pending_count()
            failing = SearchOutbox.objects.filter(processed_at__isnull=True, attempts__gt=0)
            self.stdout.write(
                f"Công cụ: {engine.name}\nTài liệu tìm kiếm: {SearchDocument.objects.count()}\n"
                f"Thay đổi đang chờ: {pending} (trong đó {failing.count()} đã thử lỗi)"
            )
            last = failing.order_by("-id").first()
            if last:
                self.stdout.write(f"Lỗi gần nhất (bài {last.page_id}): {last.last_error}")

    def rebuild(self, engine, no_progress, index_only):
        started = time.monotonic()
        if not index_only:
            from news.models import ArticlePage

            bar = tqdm(
                total=ArticlePage.objects.live().count(), desc="Tính lại tài liệu", unit="bài", disable=no_progress
            )
            refresh_all_documents(progress=bar.update)
            bar.close()
        bar = tqdm(
            total=SearchDocument.objects.count(), desc=f"Lập chỉ mục ({engine.name})", unit="bài", disable=no_progress
        )
        try:
            count = engine.rebuild(progress=bar.update)
        except (RebuildRunning, SearchUnavailable) as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Đã lập chỉ mục {count} bài viết ({engine.name}) trong {seconds:.1f} giây.")
        )

    def report(self, engine, result):
        if result.busy:
            self.stdout.write(self.style.WARNING("Chỉ mục đang được ghi bởi tiến trình khác; thử lại sau."))
        line = (
            f"{engine.name}: cập nhật {result.saved}, gỡ {result.removed}, lỗi {result.failed}, "
            f"còn chờ {result.pending}"
        )
        self.stdout.write(self.style.ERROR(line) if result.failed else line)
        if result.error:
            self.stdout.write(self.style.ERROR(f"Lỗi: {result.error}"))
