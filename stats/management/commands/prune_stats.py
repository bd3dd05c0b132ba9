import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stats.stores import get_store, local_day


class Command(BaseCommand):
    help = "Xóa chi tiết theo người đọc cũ hơn N ngày (giữ tổng theo ngày). Chạy hằng ngày bằng cron."

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=35)

    def handle(self, *args, keep_days, **options):
        if keep_days < 8:
            raise CommandError("--keep-days phải ≥ 8 (số liệu “Trong tuần” và “Đọc nhiều” cần 7 ngày).")
        before = local_day(timezone.now()) - dt.timedelta(days=keep_days)
        removed = get_store().prune(before)
        self.stdout.write(self.style.SUCCESS(f"Đã gộp và xóa {removed} bản ghi chi tiết trước {before:%d/%m/%Y}."))
