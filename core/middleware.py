"""Request guards that must run before anything reads the request body."""

from .params import BadParameter, bad_parameter_response, parse_int


class ContentLengthMiddleware:
    """A Content-Length that is not a plain number is a 400, whatever the URL.

    Django's ``HttpRequest.body`` calls ``int()`` on the header itself, so
    ``Content-Length: abc`` (or "²") became a 500 in any view reading
    ``request.POST`` — the CSRF middleware does for every POST. gunicorn refuses
    such headers before Django, but the dev server and other servers do not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("CONTENT_LENGTH")
        if raw and not raw.strip():
            raw = "?"  # blanks only: Django's int() fails on it too, so it is malformed, not absent
        try:
            parse_int(raw, "Content-Length", default=0, low=0)
        except BadParameter as error:
            return bad_parameter_response(request, error, json=request.path.startswith("/api/"))
        return self.get_response(request)
