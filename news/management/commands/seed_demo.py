from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from news.demo.seed import DemoSeeder

DEMO_USERS = [
    ("bientap", "Biên tập viên", "Nguyễn Văn", "Biên"),
    ("duyetbai", "Duyệt bài", "Trần Thị", "Duyệt"),
    ("truyenthong", "Truyền thông", "Lê Minh", "Truyền"),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu tiếng Việt (phong trào, khối thi đua, bài viết có ảnh). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=0, help="Bảo đảm có ít nhất N bài viết (đường tạo hàng loạt)."
        )
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Tạo tài khoản demo (admin, bientap, duyetbai, truyenthong) – chỉ khi DEBUG bật.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến trình.")
        parser.add_argument(
            "--site-url",
            help="Địa chỉ gốc của site (ví dụ http://127.0.0.1:8000) để sơ đồ trang và liên kết tuyệt đối đúng.",
        )

    def handle(self, *args, articles, with_demo_users, no_progress, site_url, **options):
        if articles < 0:
            raise CommandError("--articles phải là số không âm.")
        if site_url:
            self.set_site_url(site_url)
        seeder = DemoSeeder(log=self.stdout.write, progress=not no_progress)
        try:
            seeder.run(articles=articles)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        if with_demo_users:
            self.ensure_demo_users()
        from news.models import ArticlePage, CampaignPage

        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu sẵn sàng: {CampaignPage.objects.count()} phong trào, "
                f"{ArticlePage.objects.count()} bài viết."
            )
        )

    def set_site_url(self, site_url):
        from urllib.parse import urlsplit

        from wagtail.models import Site

        parts = urlsplit(site_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise CommandError(f"--site-url không hợp lệ: {site_url!r} (cần dạng http://máy:cổng).")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=port)

    def ensure_demo_users(self):
        if not settings.DEBUG:
            raise CommandError("Không tạo tài khoản demo khi DEBUG tắt (môi trường thật).")
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@example.invalid", "thidua-admin")
        for username, group_name, last, first in DEMO_USERS:
            if not User.objects.filter(username=username).exists():
                user = User.objects.create_user(
                    username, f"{username}@example.invalid", "thidua-demo", first_name=first, last_name=last
                )
                user.groups.add(Group.objects.get(name=group_name))
