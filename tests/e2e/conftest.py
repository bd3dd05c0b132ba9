"""Browser journeys against the site as it runs: a real gunicorn with two workers.

The server is started once per session from this checkout on a fresh SQLite file,
migrated and filled with the Vietnamese demo content and accounts, with the cache and
visitor counts on the machine's Redis under a prefix of its own (the two workers must
share them, as in production). Playwright drives Debian's Chromium; its own browser
download cannot work here.

Run with ``make test-e2e``; plain ``make test`` does not collect this folder.
"""

import os
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests import servers
from tools.admin_english_scan import CHROMIUM, CHROMIUM_ARGS, PASSWORDS

ROOT = servers.ROOT
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass
class LiveSite:
    """The running server, and a way to run management commands against its database."""

    base_url: str
    env: dict
    workdir: Path
    process: subprocess.Popen = field(repr=False)

    def manage(self, *args, check=True, env=None):
        result = servers.manage({**self.env, **(env or {})}, *args, check=False, timeout=300)
        if check:
            result.check_returncode()
        return result

    def shell(self, code):
        """Run Python inside Django against the site's database; returns what it prints."""
        return self.manage("shell", "--no-imports", "-c", code).stdout.strip()


@pytest.fixture(scope="session")
def live_site():
    if os.environ.get("E2E_BASE_URL"):
        # Iterating on a journey: reuse a server you started (same DATABASE_URL etc. in the environment).
        yield LiveSite(os.environ["E2E_BASE_URL"], dict(os.environ), Path(tempfile.gettempdir()), None)
        return
    with servers.scratch_directory("thidua-e2e-") as workdir:
        yield from _serve(workdir)


def _serve(workdir):
    prefix = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "thidua_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "SEARCH_INDEX_DIR": str(workdir / "search"),
        "CAPTCHA_TEST_MODE": "1",
        "SERVE_MEDIA": "1",
        "DEBUG": "0",
        **servers.ONE_ADDRESS_MANY_READERS,
    }
    if servers.redis_available():
        env.update(
            REDIS_URL=servers.REDIS_URL,
            CACHE_KEY_PREFIX=prefix,
            STATS_REDIS_PREFIX=f"{prefix}:stats:",
        )
    port = servers.free_port()
    # The userbar's stylesheet is linked through this address: it must be the site's own (CSP 'self').
    env["WAGTAILADMIN_BASE_URL"] = f"http://127.0.0.1:{port}"
    site = LiveSite(base_url=f"http://127.0.0.1:{port}", env=env, workdir=workdir, process=None)
    site.manage("migrate", "--noinput", "-v", "0")
    site.manage("seed_demo", "--with-demo-users", "--no-progress", "--site-url", site.base_url, env={"DEBUG": "1"})
    site.manage("seed_honours", env={"DEBUG": "1"})
    try:
        with servers.gunicorn(env, workdir / "gunicorn.log", port=port) as server:
            site.process = server.process
            yield site
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        log = workdir / "gunicorn.log"
        (ARTIFACTS / "gunicorn.log").write_text(log.read_text() if log.exists() else "")
        if env.get("REDIS_URL"):
            servers.forget_redis_keys(env["REDIS_URL"], prefix)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_site):
    return {
        **browser_context_args,
        "base_url": live_site.base_url,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": DESKTOP,
    }


@pytest.fixture
def shot():
    """Save a full-page screenshot as a test artefact (git-ignored) for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def _patient_but_not_forever(context):
    context.set_default_timeout(15_000)


def admin_login(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORDS[username])
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def site_login(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
