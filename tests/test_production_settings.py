"""Production refuses DEBUG and incomplete e-mail/error settings; server errors reach people.

Settings modules are imported in a child process (as gunicorn would), with the
environment a deployment writes; the e-mail tests run a failing view in-process
with production's LOGGING and Django's in-memory mail box.
"""

import json
import logging.config
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.utils.log import configure_logging

from core.mail_config import production_logging
from tests.test_settings import PRODUCTION_MAIL

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "DATABASE_URL": "postgres://thidua:secret@db.internal:5432/thidua",
    **PRODUCTION_MAIL,
}
# Everything the probe reads must come from the test, not from the shell that runs it.
OWN_VARIABLES = {*DEPLOYMENT, "DEBUG", "SENTRY_DSN", "SERVER_EMAIL", "DJANGO_SETTINGS_MODULE"}
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); import sentry_sdk;"
    "client = sentry_sdk.get_client();"
    "print(json.dumps({name: getattr(settings, name) for name in ("
    "'DEBUG', 'WAGTAILADMIN_BASE_URL', 'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS',"
    "'EMAIL_USE_SSL', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_TIMEOUT', 'DEFAULT_FROM_EMAIL',"
    "'SERVER_EMAIL', 'ADMINS')} | {'sentry': client.is_active(),"
    "'style_src': [str(v) for v in settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['style-src']],"
    "'sentry_pii': client.options.get('send_default_pii') if client.is_active() else None}))"
)


def production(**changes):
    """Import the production settings with the deployment's environment plus ``changes`` (None: unset)."""
    env = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
    env.update(DEPLOYMENT, DJANGO_SETTINGS_MODULE="thidua_site.settings.production", PYTHONDONTWRITEBYTECODE="1")
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-B", "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def values(**changes):
    result = production(**changes)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("debug", ["1", "true", "on", "yes"])
def test_production_refuses_to_start_with_debug_on(debug):
    result = production(DEBUG=debug)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG is refused in production" in result.stderr


def test_production_starts_with_debug_off_or_unset():
    assert values(DEBUG="0")["DEBUG"] is False
    assert values(DEBUG=None)["DEBUG"] is False


@pytest.mark.parametrize("name", ["WAGTAILADMIN_BASE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL"])
def test_production_refuses_to_start_without_each_mail_setting(name):
    result = production(**{name: None})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} must be set in production" in result.stderr
    assert production(**{name: "  "}).returncode != 0  # blank is not set


def test_production_refuses_to_start_when_no_one_would_hear_of_server_errors():
    result = production(ADMINS="")
    assert result.returncode != 0 and "Set ADMINS" in result.stderr
    with_sentry = values(ADMINS="", SENTRY_DSN="https://public@o1.ingest.sentry.io/1")
    assert with_sentry["ADMINS"] == [] and with_sentry["sentry"] is True


def test_smtp_url_on_port_587_logs_in_over_starttls_with_a_timeout():
    conf = values(EMAIL_URL="smtp://thidua%40example.gov.vn:p%40ss@mail.example.gov.vn:587")
    assert conf["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (conf["EMAIL_HOST"], conf["EMAIL_PORT"]) == ("mail.example.gov.vn", 587)
    assert (conf["EMAIL_HOST_USER"], conf["EMAIL_HOST_PASSWORD"]) == ("thidua@example.gov.vn", "p@ss")
    assert conf["EMAIL_USE_TLS"] is True and conf["EMAIL_USE_SSL"] is False
    assert conf["EMAIL_TIMEOUT"] == 10


@pytest.mark.parametrize(
    ("url", "tls", "ssl"),
    [
        ("smtp://mail.example.gov.vn:465", False, True),
        ("smtp://relay.internal:25", False, False),
        ("smtp://relay.internal:587?tls=0", False, False),  # said explicitly: kept
        ("submission://mail.example.gov.vn", True, False),
    ],
)
def test_smtp_encryption_follows_the_port_unless_the_url_says(url, tls, ssl):
    conf = values(EMAIL_URL=url)
    assert (conf["EMAIL_USE_TLS"], conf["EMAIL_USE_SSL"]) == (tls, ssl)


def test_an_email_url_with_an_unknown_scheme_stops_the_start():
    result = production(EMAIL_URL="smtpx://mail.example.gov.vn")
    assert result.returncode != 0 and "EMAIL_URL has an unknown scheme 'smtpx'" in result.stderr


def test_admins_are_read_as_plain_or_named_addresses_and_errors_come_from_the_site():
    plain = values(ADMINS="a@x.vn,b@y.vn")
    assert plain["ADMINS"] == [["a@x.vn", "a@x.vn"], ["b@y.vn", "b@y.vn"]]
    named = values(ADMINS="Nguyễn Văn An <an@x.vn>, b@y.vn", SERVER_EMAIL=None)
    assert named["ADMINS"] == [["Nguyễn Văn An", "an@x.vn"], ["b@y.vn", "b@y.vn"]]
    assert named["SERVER_EMAIL"] == named["DEFAULT_FROM_EMAIL"] == PRODUCTION_MAIL["DEFAULT_FROM_EMAIL"]
    assert values(SERVER_EMAIL="loi@thidua.example.gov.vn")["SERVER_EMAIL"] == "loi@thidua.example.gov.vn"


def test_an_invalid_admin_address_stops_the_start():
    result = production(ADMINS="kythuat@thidua.example.gov.vn, khong-phai-dia-chi")
    assert result.returncode != 0 and "ADMINS contains an invalid e-mail address" in result.stderr


def test_sentry_starts_only_with_a_dsn_and_sends_no_personal_data():
    assert values()["sentry"] is False
    with_dsn = values(SENTRY_DSN="https://public@o1.ingest.sentry.io/1")
    assert with_dsn["sentry"] is True and with_dsn["sentry_pii"] is False


def test_admin_links_in_e_mails_point_at_the_configured_address_whose_styles_public_pages_allow():
    conf = values(WAGTAILADMIN_BASE_URL="https://quantri.thidua.example.gov.vn/")
    assert conf["WAGTAILADMIN_BASE_URL"] == "https://quantri.thidua.example.gov.vn"
    # the userbar on public pages links the admin stylesheet through that address
    assert conf["style_src"] == ["'self'", "csp.constants.NONCE", "https://quantri.thidua.example.gov.vn"]


def test_check_deploy_reports_no_warning_with_a_plausible_production_environment():
    env = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
    env.update(DEPLOYMENT, DJANGO_SETTINGS_MODULE="thidua_site.settings.production", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-B", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# --- a server error, end to end inside Django ----------------------------------------------


@pytest.fixture
def production_logging_on():
    logging.config.dictConfig(production_logging())
    yield
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@override_settings(
    ROOT_URLCONF="tests.failing_urls",
    ADMINS=[("Kỹ thuật", "kythuat@thidua.example.gov.vn"), ("b@y.vn", "b@y.vn")],
    SERVER_EMAIL="no-reply@thidua.example.gov.vn",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def test_a_failing_view_mails_the_admins_once_and_readers_get_the_vietnamese_500_page(db, production_logging_on):
    response = Client(raise_request_exception=False).get("/loi-thu/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in body and "Bộ phận kỹ thuật đã được thông báo" in body
    assert "RuntimeError" not in body  # no traceback for readers
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kythuat@thidua.example.gov.vn", "b@y.vn"]
    assert message.from_email == "no-reply@thidua.example.gov.vn"
    assert "/loi-thu/" in message.subject and "lỗi thử cho báo cáo" in message.body


@override_settings(ROOT_URLCONF="tests.failing_urls", ADMINS=[("Kỹ thuật", "kythuat@thidua.example.gov.vn")])
def test_a_page_not_found_sends_no_mail(db, production_logging_on):
    assert Client().get("/khong-co-trang-nay/").status_code == 404
    assert mail.outbox == []
