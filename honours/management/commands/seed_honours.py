from django.core.management.base import BaseCommand

from honours.catalogue import load_catalogue
from honours.demo import seed_honours


class Command(BaseCommand):
    help = "Nạp danh mục hình thức khen thưởng và (mặc định) dữ liệu khen thưởng mẫu."

    def add_arguments(self, parser):
        parser.add_argument(
            "--catalogue-only", action="store_true", help="Chỉ nạp danh mục hình thức khen thưởng theo Luật."
        )

    def handle(self, *args, catalogue_only, **options):
        if catalogue_only:
            created = load_catalogue()
            self.stdout.write(f"Danh mục hình thức khen thưởng: thêm {created}.")
            return
        decisions, commendations = seed_honours()
        self.stdout.write(f"Khen thưởng mẫu sẵn sàng: {decisions} quyết định, {commendations} lượt khen thưởng.")
