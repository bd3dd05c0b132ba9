"""The honour roll at scale: N commendations bulk-created, then query counts and time per request.

``python -m benchmarks.honours [--commendations N] [--repeat R]`` on a throw-away database (``make bench-honours``):
recipients with Zipf-like Vietnamese names (family, middle and given names from lists), units from the demo,
a few hundred decisions, then the roll, a search without accents, a search by unit, a filtered search, the API
and a decision page, each timed in process (``PAGE_CACHE_SECONDS=0``).
"""

import random
import time

from django.core.management.base import BaseCommand


def words(text):
    return text.split()


FAMILY = words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Tô")
MIDDLE = words("Văn Thị Hữu Đức Minh Quang Thanh Ngọc Xuân Thu Hồng Kim Anh Gia Bảo")
GIVEN = words(
    "An Ân Anh Ánh Bình Chi Cúc Dũng Dung Đông Giang Hà Hải Hạnh Hiền Hiếu Hoa Hòa Hùng Hương Huy Khánh Lan "
    "Linh Long Mai Minh Nam Nga Ngân Nhung Phong Phúc Phương Quân Quang Sơn Tâm Thảo Thắng Thành Thu Thủy "
    "Trang Trí Trung Tuấn Tùng Vân Việt Vinh Xuân Yến"
)


def zipf_choice(rng, items, s=1.1):
    weights = [1 / (rank**s) for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights)[0]


class Command(BaseCommand):
    help = "Đo bảng vàng khen thưởng với nhiều bản ghi: số truy vấn và thời gian mỗi trang."

    def add_arguments(self, parser):
        parser.add_argument("--commendations", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, commendations, repeat, **options):
        from django.test.utils import override_settings

        self.seed(commendations)
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.measure(repeat)

    def seed(self, count):
        from honours.catalogue import load_catalogue
        from honours.models import AwardForm, Commendation, Decision, Kind
        from news.models import Organisation

        rng = random.Random(14)
        load_catalogue()
        awards = list(AwardForm.objects.all())
        units = list(Organisation.objects.all())
        have = Commendation.objects.count()
        if have >= count:
            return
        start = time.perf_counter()
        decisions = [
            Decision(number=f"{n}/QĐ-TTg", slug=f"{n}-qd-ttg", date=f"{2010 + n % 15}-{1 + n % 12:02d}-01",
                     issuer="Thủ tướng Chính phủ", signer="Thủ tướng Chính phủ")
            for n in range(1, 1 + max(1, count // 250))
        ]  # fmt: skip
        Decision.objects.bulk_create(decisions, ignore_conflicts=True)
        decisions = list(Decision.objects.all())
        batch = []
        for n in range(have, count):
            kind = Kind.COLLECTIVE if n % 7 == 0 else Kind.INDIVIDUAL
            unit = zipf_choice(rng, units)
            if kind == Kind.COLLECTIVE:
                name = f"Phòng {zipf_choice(rng, GIVEN)} {n}"
            else:
                name = f"{zipf_choice(rng, FAMILY)} {zipf_choice(rng, MIDDLE)} {zipf_choice(rng, GIVEN)}"
            row = Commendation(
                name=name, kind=kind, unit=unit, award=rng.choice(awards), decision=decisions[n % len(decisions)],
                year=2010 + n % 15, achievements="Hoàn thành xuất sắc nhiệm vụ.",
                position="Chuyên viên" if kind == Kind.INDIVIDUAL else "",
            )  # fmt: skip
            row.fill_search_columns()
            batch.append(row)
            if len(batch) == 5000:
                Commendation.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        Commendation.objects.bulk_create(batch, ignore_conflicts=True)
        self.stdout.write(
            f"Đã tạo {Commendation.objects.count()} khen thưởng trong {time.perf_counter() - start:.1f} s."
        )

    def measure(self, repeat):
        from django.db import connection
        from django.test import Client

        from benchmarks.pages import time_pages
        from honours.models import AwardForm, Commendation, Decision
        from news.models import Organisation

        unit = Organisation.objects.filter(commendations__isnull=False).first()
        award = AwardForm.objects.filter(commendations__isnull=False).first()
        decision = Decision.objects.first()
        pages = [
            ("roll", "/khen-thuong/"),
            ("roll page 50", "/khen-thuong/?page=50"),
            ("search name", "/khen-thuong/?q=nguyen+van+an"),
            ("search unit", "/khen-thuong/?q=bo+noi+vu"),
            ("search+filters", f"/khen-thuong/?q=tran+thi&year=2020&award={award.pk}"),
            ("unit page", f"/khen-thuong/don-vi/x-{unit.pk}/"),
            ("decision page", decision.get_absolute_url()),
            ("api search", "/api/khen-thuong/?q=nguyen+van+an"),
            ("api filters", f"/api/khen-thuong/?year=2020&kind=ca-nhan&unit={unit.pk}"),
        ]
        client = Client(HTTP_HOST="127.0.0.1")
        self.stdout.write(f"{Commendation.objects.count()} commendations, {connection.vendor}")
        time_pages(self.stdout, client, pages, repeat)


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
