"""deploy/: the nginx site renders completely for production and nginx accepts it; gunicorn's
settings follow the environment."""

import runpy
import subprocess

import pytest

from tools import nginx_conf, stack

GUNICORN_CONF = nginx_conf.TEMPLATES.parent / "gunicorn.conf.py"


def render_production(tmp_path, **overrides):
    return nginx_conf.render(tmp_path / "conf", nginx_conf.production_values(tmp_path / "conf", **overrides))


def test_production_render_fills_every_placeholder(tmp_path):
    paths = render_production(tmp_path, SERVER_NAME="thidua.example.gov.vn")
    assert {path.name for path in paths} == {"thidua.conf", "thidua-site.conf"}
    for path in paths:
        assert not nginx_conf.PLACEHOLDER.search(path.read_text())
    site = (tmp_path / "conf" / "thidua.conf").read_text()
    assert "/etc/letsencrypt/live/thidua.example.gov.vn/fullchain.pem" in site
    assert f"include {tmp_path / 'conf'}/thidua-site.conf;" in site


def test_an_unknown_or_missing_value_is_refused(tmp_path):
    with pytest.raises(KeyError, match="BOGUS"):
        render_production(tmp_path, BOGUS="1")
    with pytest.raises(KeyError, match="UPSTREAM"):
        nginx_conf.render_text("server ${UPSTREAM};", {})


def test_nginx_accepts_the_production_render(tmp_path):
    reason = stack.nginx_missing()
    if reason:
        pytest.skip(reason)
    cert, key = stack._self_signed_certificate(tmp_path)
    render_production(
        tmp_path,
        CACHE_DIR=str(tmp_path / "cache"),
        LOG_DIR=str(tmp_path),
        TLS_CERTIFICATE=str(cert),
        TLS_CERTIFICATE_KEY=str(key),
    )
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"load_module {stack.PURGE_MODULE};\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; {temp} include {tmp_path}/conf/thidua.conf; }}\n"
    )
    result = subprocess.run(
        [stack.NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "err.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_gunicorn_workers_default_to_twice_the_cores_plus_one_at_most_eight(monkeypatch):
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 5
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 16)
    assert runpy.run_path(str(GUNICORN_CONF))["workers"] == 8
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert settings["workers"] == 3
    assert settings["worker_tmp_dir"] == "/dev/shm"
    assert settings["max_requests_jitter"] > 0


def test_make_serve_environment_starts_production_settings(tmp_path, monkeypatch):
    """`make serve` on a fresh machine: no EMAIL_URL, ADMINS … exported, the settings still load."""
    import sys

    for name in ("EMAIL_URL", "DEFAULT_FROM_EMAIL", "ADMINS", "SENTRY_DSN", "WAGTAILADMIN_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    env = stack.local_env(tmp_path, nginx_url="http://127.0.0.1:8080")
    result = subprocess.run(
        [
            sys.executable,
            "-B",
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)",
        ],
        cwd=stack.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("console.EmailBackend")
