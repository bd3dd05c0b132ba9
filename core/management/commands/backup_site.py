"""``backup_site DEST [--keep N]``: the database and the uploaded files, one directory per run.

Run daily by deploy/systemd/thidua-backup.timer; safe while the site serves and writes
(PostgreSQL: pg_dump's snapshot; SQLite: the online backup API). See core/backup.py for
what is in a backup and why renditions and the search index are not.
"""

from django.core.management.base import BaseCommand, CommandError

from core import backup


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump --format=custom; SQLite: sao chép trực tuyến) và tệp tải lên "
        "(ảnh gốc, tài liệu; không gồm ảnh thu nhỏ — được tạo lại khi phục hồi) vào một thư mục mới "
        "thidua-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY trong DEST, kèm manifest.json (kích thước, SHA-256, trạng thái migration)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="Thư mục chứa các bản sao lưu, ví dụ /var/backups/thidua.")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Chỉ giữ N bản sao lưu mới nhất trong DEST (chạy mỗi ngày: giữ N ngày). Mặc định: giữ tất cả.",
        )
        parser.add_argument("--no-media", action="store_true", help="Chỉ sao lưu cơ sở dữ liệu.")

    def handle(self, *args, destination, keep, no_media, **options):
        if keep < 0:
            raise CommandError("--keep phải là số không âm.")
        try:
            result = backup.create_backup(destination, keep=keep or None, with_media=not no_media)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Không ghi được bản sao lưu vào {destination}: {error}") from error
        manifest = result.manifest
        files = ", ".join(f"{name} {megabytes(info['bytes'])}" for name, info in manifest["files"].items())
        counts = manifest["counts"]
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {result.path} trong {result.seconds:.1f} giây: {files}."))
        self.stdout.write(
            f"Trong bản sao lưu: {counts['pages']} trang ({counts['articles']} bài viết), {counts['images']} ảnh, "
            f"{counts['documents']} tài liệu, {counts['users']} tài khoản"
            + (f"; {manifest['media']['files']} tệp tải lên." if manifest["media"]["included"] else ".")
        )
        for path in result.removed:
            self.stdout.write(f"Đã xóa bản sao lưu cũ: {path.name}")
