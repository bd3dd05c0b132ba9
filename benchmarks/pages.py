"""Query count and server time for each public page type, on the current database.

``python -m benchmarks.pages [--repeat N]``, used by ``make bench-pages``; the figures go into the README.
"""

import statistics
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Đo số truy vấn SQL và thời gian xử lý của từng loại trang công khai."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, repeat, **options):
        from django.test.utils import override_settings

        # Rendering is measured, not the page cache (core.pagecache) that would answer every
        # repeat from one stored copy.
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.measure(repeat)

    def measure(self, repeat):
        from django.db import connection
        from django.test import Client

        from news.models import ArticlePage, CampaignPage

        campaign = CampaignPage.objects.live().order_by("pk").first()
        article = ArticlePage.objects.live().order_by("-published_at").first()
        if campaign is None or article is None:
            self.stderr.write("Chưa có dữ liệu: chạy seed_demo trước.")
            return
        pages = [
            ("home", "/"),
            ("campaign index", "/phong-trao/"),
            ("campaign", campaign.url),
            ("campaign page 50", campaign.url + "?trang=50"),
            ("article", article.url),
            ("article print", article.url + "ban-in/"),
            ("tag", "/chu-de/thi-dua/"),
            ("archive", "/luu-tru/"),
            ("archive month", f"/luu-tru/{article.published_at.year}/{article.published_at.month}/"),
            ("site feed", "/rss/"),
            ("campaign feed", campaign.url + "rss/"),
            ("sitemap (cached)", "/sitemap.xml"),
        ]
        client = Client(HTTP_HOST="127.0.0.1")
        self.stdout.write(f"{ArticlePage.objects.count()} articles, {connection.vendor}")
        time_pages(self.stdout, client, pages, repeat)


def time_pages(stdout, client, pages, repeat):
    """For each (name, url): status, queries of one request after a warm-up, p50/p95 ms of ``repeat`` more.

    A redirect is followed once first and the final URL timed (a unit page's canonical slug).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stdout.write(f"{'page':<18}{'status':>7}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name, url in pages:
        response = client.get(url, follow=True)  # renditions and caches warm
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        queries = len(context.captured_queries)  # a lazy slice of a log later requests reset
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        stdout.write(f"{name:<18}{response.status_code:>7}{queries:>9}{statistics.median(timings):>9.1f}{p95:>9.1f}")


if __name__ == "__main__":
    from benchmarks import run_command

    run_command(Command)
