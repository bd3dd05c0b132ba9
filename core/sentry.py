"""Error reports to Sentry when ``SENTRY_DSN`` is set (production settings call this).

No personal data leaves the server by default (``send_default_pii=False``: no
cookies, user names or addresses); performance tracing stays off unless
``SENTRY_TRACES_SAMPLE_RATE`` asks for it, so a traffic spike does not become a
Sentry bill.
"""

import os


def init_sentry(dsn):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )
