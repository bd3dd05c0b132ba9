from django.core.management.base import BaseCommand
from tqdm import tqdm

from news.models import ArticlePage
from search.engines import get_engine


class Command(BaseCommand):
    help = "Quản lý chỉ mục tìm kiếm công khai: `search_index rebuild` lập lại toàn bộ chỉ mục."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, action, no_progress, **options):
        engine = get_engine()
        total = ArticlePage.objects.live().count()
        bar = tqdm(total=total, desc=f"Lập chỉ mục ({engine.name})", unit="bài", disable=no_progress)
        count = engine.rebuild(progress=bar.update)
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"Đã lập chỉ mục {count} bài viết ({engine.name})."))
