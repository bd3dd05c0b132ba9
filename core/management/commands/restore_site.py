"""``restore_site BACKUP [--force] [--check]``: a backup made by ``backup_site`` into this installation.

Meant for a fresh, empty database (a new PostgreSQL database, or a SQLite path with no file yet)
and an empty MEDIA_ROOT, the way a server is rebuilt after a loss or a copy is checked: it refuses
to write over data unless ``--force``. After the data: ``migrate`` (nothing to do when the code is
the backup's), renditions regenerated (they are not in the backup), the search index rebuilt (derived
data, never backed up), and the content version bumped so no cache serves pages from before.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import backup as backups


class Command(BaseCommand):
    help = (
        "Phục hồi một bản sao lưu của backup_site vào cơ sở dữ liệu (DATABASE_URL) và MEDIA_ROOT hiện tại. "
        "Từ chối ghi đè cơ sở dữ liệu hoặc thư mục tệp tải lên đã có dữ liệu, trừ khi có --force. "
        "Sau đó chạy migrate, tạo lại ảnh thu nhỏ và lập lại chỉ mục tìm kiếm."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Thư mục bản sao lưu (thidua-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Xóa dữ liệu đang có trong cơ sở dữ liệu đích và ghi đè tệp tải lên. Hãy dừng site trước.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Chỉ kiểm tra bản sao lưu (đủ tệp, đúng SHA-256), không phục hồi."
        )

    def handle(self, *args, backup: str, force, check, **options):
        started = time.monotonic()
        try:
            manifest = backups.read_manifest(backup)
            backups.verify_files(backup, manifest)
            if check:
                self.describe(manifest, "Bản sao lưu nguyên vẹn")
                return
            self.refuse_unsafe(manifest, force)
            self.stdout.write("Đang phục hồi cơ sở dữ liệu…")
            backups.restore_database(backup, manifest)
            if manifest["media"]["included"]:
                self.stdout.write("Đang phục hồi tệp tải lên…")
                backups.extract_media(f"{backup}/{backups.MEDIA_ARCHIVE}", backups.media_root())
            restored = backups.current_counts()
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if restored != manifest["counts"]:
            raise CommandError(f"Số bản ghi sau phục hồi {restored} khác với bản sao lưu {manifest['counts']}.")
        self.migrate()
        self.regenerate_renditions()
        call_command("search_index", "rebuild", "--no-progress", stdout=self.stdout, stderr=self.stderr)
        from news.cache import bump_content_version

        bump_content_version()
        self.describe(manifest, f"Đã phục hồi trong {time.monotonic() - started:.1f} giây")

    def refuse_unsafe(self, manifest, force):
        unknown = backups.unknown_migrations(manifest)
        if unknown:
            raise backups.BackupError(
                "Bản sao lưu được tạo bởi phiên bản mã mới hơn (có migration mà mã này không có: "
                f"{', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}). Hãy triển khai đúng phiên bản mã trước."
            )
        tables = backups.database_tables()
        media = backups.media_root() if manifest["media"]["included"] else None
        media_busy = media is not None and not backups.media_is_empty(media)
        if not force and tables:
            raise backups.BackupError(
                f"Cơ sở dữ liệu đích đã có dữ liệu ({len(tables)} bảng): không phục hồi đè lên. "
                "Hãy tạo cơ sở dữ liệu mới, trống và trỏ DATABASE_URL tới đó, hoặc dùng --force để xóa dữ liệu hiện có."
            )
        if not force and media_busy:
            raise backups.BackupError(
                f"Thư mục tệp tải lên {media} đã có tệp: không phục hồi đè lên. "
                "Hãy dùng thư mục trống (MEDIA_ROOT), hoặc --force để ghi đè."
            )
        if tables:
            self.stdout.write(self.style.WARNING(f"--force: xóa {len(tables)} bảng đang có trong cơ sở dữ liệu đích."))
            backups.drop_all_tables()

    def migrate(self):
        connection.close()
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stdout.write(f"Áp dụng {len(plan)} migration mới hơn bản sao lưu…")
        call_command("migrate", interactive=False, verbosity=0)

    def regenerate_renditions(self):
        started = time.monotonic()
        drawn, failed = backups.regenerate_renditions()
        self.stdout.write(f"Đã tạo lại {drawn} ảnh thu nhỏ trong {time.monotonic() - started:.1f} giây.")
        for line in failed:
            self.stderr.write(self.style.WARNING(f"Không tạo lại được ảnh thu nhỏ của ảnh {line}"))

    def describe(self, manifest, heading):
        counts = manifest["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"{heading}: bản sao lưu lúc {manifest['created_at']} ({manifest['database']['vendor']}), "
                f"{counts['pages']} trang ({counts['articles']} bài viết), {counts['images']} ảnh, "
                f"{counts['documents']} tài liệu, {counts['users']} tài khoản."
            )
        )
