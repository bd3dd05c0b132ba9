"""Redis goes away mid-traffic and comes back: readers never get a server error.

The server's REDIS_URL points at a relay the test controls; cutting it drops every
open connection and refuses new ones (the machine's Redis keeps running).
"""

import re
import secrets
from concurrent.futures import ThreadPoolExecutor, as_completed

import pytest

from .harness import beacon

pytestmark = pytest.mark.slow

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def every_kind_of_request(stack, site):
    """One request of each kind the public site answers, as (label, call) pairs."""
    article, campaign, tag, year = site["article"], site["campaign"], site["tag"], site["year"]
    pages = [
        "/",
        site["campaign_index"],
        campaign,
        article,
        article + "ban-in/",
        f"/chu-de/{tag}/",
        f"/luu-tru/{year}/",
        "/tim-kiem/?q=thi+đua",
        "/api/search/?q=khen+thưởng&sort=newest",
        "/api/search/suggest/?q=thi+du",
        "/rss/",
        campaign + "rss/",
        f"/chu-de/{tag}/rss/",
        "/sitemap.xml",
        "/sitemap-bai-viet.xml",
        "/robots.txt",
        "/api/stats/",
        f"/api/ratings/{site['article_id']}/",
        "/dang-nhap/",
        "/khong-co-trang-nay/",
    ]
    calls = [(path, lambda path=path: stack.get(path).status) for path in pages]
    calls.append(("beacon", lambda: beacon(stack, site["article_id"])))
    calls.append(("captcha refresh", lambda: stack.get("/captcha/refresh/", headers=AJAX).status))
    calls.append(("login attempt", lambda: failed_login(stack)))
    return calls


AJAX = {"X-Requested-With": "XMLHttpRequest"}


def failed_login(stack):
    """A wrong password on the staff login form (CSRF cookie and token as a browser sends them)."""
    form = stack.get("/dang-nhap/")
    if form.status != 200:
        return form.status
    cookie = re.search(r"csrftoken=([^;]+)", form.headers.get("Set-Cookie", ""))
    token = CSRF_FIELD.search(form.text)
    reply = stack.request(
        "POST",
        "/dang-nhap/",
        headers={"Cookie": f"csrftoken={cookie.group(1)}", "Content-Type": "application/x-www-form-urlencoded"},
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": "khong-ton-tai-" + secrets.token_hex(4),
            "password": "sai-mat-khau",
        },
    )
    return reply.status


def run_rounds(calls, rounds, on_progress=None):
    """Every call ``rounds`` times, 8 at a time; ``on_progress(done)`` after each answer."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {pool.submit(call): label for _ in range(rounds) for label, call in calls}
        results = []
        for future in as_completed(futures):
            try:
                results.append((futures[future], future.result()))
            except Exception as error:  # noqa: BLE001 - a dropped connection is a failure too
                results.append((futures[future], repr(error)))
            if on_progress:
                on_progress(len(results))
    return results


def server_errors(results):
    return [(label, status) for label, status in results if not isinstance(status, int) or status >= 500]


def test_cutting_redis_mid_traffic_and_restoring_it_never_answers_a_server_error(stack, site_map):
    calls = every_kind_of_request(stack, site_map)
    before = run_rounds(calls, rounds=1)
    assert not server_errors(before), server_errors(before)

    relay = stack.database.relay

    def cut_after_the_first_requests(done):
        if done == 10:
            relay.cut()  # requests are in flight on both workers

    try:
        during = run_rounds(calls, rounds=5, on_progress=cut_after_the_first_requests)
    finally:
        relay.restore()
    after = run_rounds(calls, rounds=2)

    assert len(during) - 10 >= 100
    assert not server_errors(during), f"{len(server_errors(during))} of {len(during)}: {server_errors(during)}"
    assert not server_errors(after), f"{len(server_errors(after))} of {len(after)}: {server_errors(after)}"
    assert dict(after)["/"] == 200 and dict(after)["beacon"] == 204
