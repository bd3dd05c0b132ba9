"""``manage.py import_commendations FILE``: a decision list (XLSX or CSV) onto the honour roll.

The command and the admin upload form share ``honours.importing``; the command has no size or row
limit (it is for the long lists an officer cannot upload through a browser) and shows progress.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from honours.importing import COLUMNS, ImportFileError, import_commendations

PROGRESS_FROM = 200  # rows; a shorter list is checked and written before a bar would be read


class Command(BaseCommand):
    help = (
        "Nhập danh sách khen thưởng từ tệp .xlsx hoặc .csv, mỗi dòng một cá nhân hoặc tập thể. Các cột: "
        + ", ".join(column.header for column in COLUMNS)
        + ". Tệp có dòng lỗi sẽ không được nhập dòng nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="Tệp .xlsx hoặc .csv (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì.")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Tạo hình thức khen thưởng và đơn vị chưa có trong danh mục (mặc định: báo lỗi).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến trình.")

    def handle(self, *args, file, dry_run, create_missing, no_progress, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không có tệp {file!r}.")
        bars = []

        def progress(rows, label, total):
            bar = tqdm(
                rows,
                desc=label,
                total=total,
                unit="dòng",
                disable=no_progress or total < PROGRESS_FROM,
                file=sys.stderr,
            )
            bars.append(bar)
            return bar

        try:
            result = import_commendations(
                path.read_bytes(), path.name, create_missing=create_missing, dry_run=dry_run, progress=progress
            )
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        finally:
            for bar in bars:
                bar.close()
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{path.name}: {result.summary()}")
        new = "Sẽ tạo" if dry_run else "Đã tạo"
        for name in result.awards_created:
            self.stdout.write(
                f"{new} hình thức khen thưởng: {name} (hãy kiểm tra cấp và đối tượng trong trang quản trị)"
            )
        for name in result.units_created:
            self.stdout.write(f"{new} đơn vị: {name}")
        self.stdout.write(self.style.SUCCESS(result.summary()))
