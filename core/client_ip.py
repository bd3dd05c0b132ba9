"""The visitor's address as seen through the reverse proxies we trust.

Behind nginx every request's REMOTE_ADDR is the proxy, so a lockout keyed on it
would let anyone lock a staff account for everybody with a few wrong passwords.
Each trusted proxy appends the address it received the request from to
X-Forwarded-For; with ``AXES_IPWARE_PROXY_COUNT = n`` the client is therefore the
n-th entry from the right. Entries further left were written by the client and are
ignored, so a forged header cannot choose the address. With no proxy count the
header is not trusted at all. (django-axes uses django-ipware for this when it is
installed; this callable works without it and reads the same two settings.)
"""

from django.conf import settings


def forwarded_chain(value):
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def client_ip(request):
    meta = request.META
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    order = getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", None) or ("REMOTE_ADDR",)
    for header in order:
        if header == "REMOTE_ADDR":
            if meta.get("REMOTE_ADDR"):
                return meta["REMOTE_ADDR"]
            continue
        if not proxies:
            continue  # a forwarded header without a known proxy in front is the client's own claim
        chain = forwarded_chain(meta.get(header))
        if len(chain) >= proxies:
            return chain[-proxies]
    return meta.get("REMOTE_ADDR")
