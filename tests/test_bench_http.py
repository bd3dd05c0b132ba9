"""The HTTP benchmark reads wrk right: real wrk 4.1 output captured on this machine, and wrk run here.

The captured runs (``tests/wrk_output/``, ``wrk -t2 -c8 -d1s`` with the script of ``benchmarks.wrk``, through nginx in
front of gunicorn) cover what the targets depend on: a cached page with nginx's cache states,
a 404 page (4xx: not a server error), an upstream that is down (502: a server error), and the
visit beacon, where wrk sent more hits than it read answers for when it stopped.
"""

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks import bare_wsgi, wrk
from benchmarks import http as bench_http

OUTPUT = Path(__file__).parent / "wrk_output"
CACHED_200 = (OUTPUT / "cached_200.txt").read_text()
NOT_FOUND_404 = (OUTPUT / "not_found_404.txt").read_text()
BAD_GATEWAY_502 = (OUTPUT / "bad_gateway_502.txt").read_text()
BEACON_204 = (OUTPUT / "beacon_204.txt").read_text()


def test_latency_percentiles_come_from_the_done_hook_in_milliseconds():
    result = wrk.parse(CACHED_200)
    assert (result.p50_ms, result.p90_ms, result.p99_ms) == (0.334, 4.349, 13.292)
    assert result.requests == 10289
    assert result.rps == pytest.approx(10159.29, rel=1e-3)  # wrk's own "Requests/sec" line


def test_answers_from_nginx_cache_include_stale_copies_sent_while_refreshing():
    result = wrk.parse(CACHED_200)
    assert result.cache == {"HIT": 9328, "UPDATING": 960, "EXPIRED": 1}
    assert result.hit_share == pytest.approx((9328 + 960) / 10289)


def test_client_errors_are_counted_but_are_not_server_errors():
    result = wrk.parse(NOT_FOUND_404)
    assert result.statuses == {"404": 26}
    assert result.non_2xx_3xx == 26  # the hook agrees with wrk's own count
    assert result.server_errors == 0


def test_every_answer_from_a_dead_upstream_is_a_server_error():
    result = wrk.parse(BAD_GATEWAY_502)
    assert result.server_errors == 7805 == result.non_2xx_3xx
    assert result.hit_share is None  # nginx sent no X-Cache-Status for these


def test_beacon_hits_in_flight_when_wrk_stops_are_sent_but_not_answered():
    result = wrk.parse(BEACON_204)
    assert result.statuses == {"204": 123}
    assert result.sent == 130  # at most one per connection (8) beyond the answers read


def test_output_without_the_hooks_line_is_refused():
    without = "\n".join(line for line in CACHED_200.splitlines() if not line.startswith(wrk.MARKER))
    with pytest.raises(ValueError, match="no result line"):
        wrk.parse(without)


class Site(BaseHTTPRequestHandler):
    """A cached page, a failing page and a search answer that depends on its query string."""

    def do_GET(self):
        if self.path == "/cached/":
            status, body, extra = 200, b"<p>trang</p>", {"X-Cache-Status": "HIT"}
        elif self.path.startswith("/api/search/"):
            status, body, extra = 200, json.dumps({"q": self.path}).encode(), {}
        else:
            status, body, extra = 503, b"", {}
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if "api" in self.path else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.protocol_version = "HTTP/1.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_runs_the_generated_script_and_reports_cache_states_and_server_errors(site):
    cached, _ = wrk.run(site, path="/cached/", connections=2, threads=1, seconds=1)
    assert cached.requests > 0 and cached.statuses == {"200": cached.requests}
    assert cached.hit_share == 1.0
    failing, _ = wrk.run(site, path="/hong/", connections=2, threads=1, seconds=1)
    assert failing.server_errors == failing.requests > 0


def test_bare_wsgi_ceiling_answers_the_bytes_the_site_answered_for_each_query(site, tmp_path):
    pages = [bench_http.Page("search_api", "/api/search/?q=thi+dua", ""), bench_http.Page("cached", "/cached/", "")]
    bench_http.snapshot(site, pages, tmp_path)
    app = bare_wsgi.make_app(bare_wsgi.load(tmp_path))
    answers = {}

    def start_response(status, headers):
        answers["status"], answers["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": "/api/search/", "QUERY_STRING": "q=thi+dua"}, start_response))
    assert json.loads(body) == {"q": "/api/search/?q=thi+dua"}
    assert answers["status"].startswith("200") and answers["headers"]["Content-Type"] == "application/json"
    body = b"".join(app({"PATH_INFO": "/api/search/", "QUERY_STRING": "q=khac"}, start_response))
    assert answers["status"].startswith("404")
    body = b"".join(app({"PATH_INFO": "/api/stats/hit/", "REQUEST_METHOD": "POST"}, start_response))
    assert (answers["status"], body) == ("204 No Content", b"")
