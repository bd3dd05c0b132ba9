"""E-mail settings from the environment, checked when the process starts.

``EMAIL_URL`` is parsed by dj-email-url (maintained, the e-mail twin of
dj-database-url already used for ``DATABASE_URL``). Two things it leaves open are
decided here because a wrong guess sends passwords in clear or hangs a worker:
``smtp://…:587`` means STARTTLS and ``smtp://…:465`` implicit TLS unless the URL
says ``?tls=``/``?ssl=``; and every connection times out (10 s by default) instead
of blocking a request thread behind an unreachable mail server.
"""

from email.utils import getaddresses
from urllib.parse import parse_qs, urlsplit

import dj_email_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

DEFAULT_TIMEOUT = 10


def email_settings_from_url(url):
    parts = urlsplit(url)
    if parts.scheme not in dj_email_url.SCHEMES:
        known = ", ".join(sorted(dj_email_url.SCHEMES))
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme {parts.scheme!r} (one of: {known}).")
    conf = dj_email_url.parse(url)
    query = parse_qs(parts.query)
    if parts.scheme == "smtp" and "tls" not in query and "ssl" not in query:
        if conf["EMAIL_PORT"] == 587:
            conf["EMAIL_USE_TLS"] = True
        elif conf["EMAIL_PORT"] == 465:
            conf["EMAIL_USE_SSL"] = True
    if conf.get("EMAIL_TIMEOUT") is None:
        conf["EMAIL_TIMEOUT"] = DEFAULT_TIMEOUT
    # The file backend's path is the only use of the URL path; keep Django's default otherwise.
    if parts.scheme != "file":
        conf.pop("EMAIL_FILE_PATH", None)
    return conf


def admins_from_env(value):
    """``"a@x.vn, Tên <b@y.vn>"`` → ``[("a@x.vn", "a@x.vn"), ("Tên", "b@y.vn")]``; a bad address stops the start."""
    admins = []
    for name, address in getaddresses([value or ""]):
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(f"ADMINS contains an invalid e-mail address: {address!r}") from None
        admins.append((name or address, address))
    return admins


def production_logging():
    """Console for everything, and an e-mail to ADMINS for every request that ended in an error."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler"},
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
            # A forged Host header is a scanner, not a fault: logged, not e-mailed.
            "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        },
    }
