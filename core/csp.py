"""Content-Security-Policy: one policy for the public site, another for Wagtail's admin.

django-csp 4 builds the header from ``CONTENT_SECURITY_POLICY`` and adds the
per-response nonce to the directives that name ``NONCE`` when a template asked for
``request.csp_nonce`` (templates/base.html). The admin cannot live with that policy
(Wagtail 8 writes inline scripts for inline panels and date pickers, and inline
styles), so requests under ``ADMIN_PREFIX`` (editor, previews, choosers) get
``ADMIN_CONTENT_SECURITY_POLICY``: still same-origin only, no plugins, no framing by
others, but inline code allowed; previews, rendered by Wagtail through a dummy request
for the page's public path, get it too. The userbar Wagtail adds to public pages for
signed-in staff loads only same-origin files and lives under the public policy.

Cached pages: the nonce is written into the body and into the header of the same
response, so a cache that stores and replays *whole responses* (nginx
``proxy_cache``) keeps them matching. A cache that stored the body without this
middleware's header (a per-view cache inside the middleware stack) would replay an
old nonce under a new header and the inline script would be blocked; any Django-side
page cache must therefore sit outside (above) this middleware.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        # A Wagtail preview renders the page through the whole middleware stack again, with a
        # dummy request for the page's public path (Page.make_preview_request). That inner pass
        # must not answer for the admin: the outer pass, for /admin/…/preview/, sets the admin's
        # policy (which lets the admin frame its own preview).
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
