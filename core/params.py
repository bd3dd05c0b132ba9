"""One way to read a whole number a visitor sent (query string, form, header, URL).

``str.isdigit()`` accepts "²", "٣" and "５", which ``int()`` then refuses or reads
as another number; ``int()`` itself accepts "+5", " 5", "1_000" and 4,300-digit
strings that overflow every database column. Every view and the beacon read
numbers through ``parse_int``/``int_param`` instead: ASCII digits only, an
optional leading minus, bounded, with a Vietnamese message. The exception is a
``BadRequest``, so one that a view does not catch is still a 400, never a 500.
"""

import re
from functools import wraps

from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse

ASCII_INTEGER = re.compile(r"-?[0-9]{1,20}")

# Largest ids the page tables hold: PostgreSQL ``integer`` (Wagtail's page ids) and ``bigint``.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


class BadParameter(BadRequest):
    """A number that is not a number, or out of range; ``message`` is for the reader."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


def _range_text(low, high):
    if low is not None and high is not None:
        return f"từ {low} đến {high}"
    if low is not None:
        return f"từ {low} trở lên"
    if high is not None:
        return f"không quá {high}"
    return ""


def parse_int(raw, name, *, default=None, low=None, high=None):
    """``raw`` (a string, possibly None) as an int in [low, high]; ``default`` when empty.

    Raises ``BadParameter`` for anything else: non-ASCII digits, signs other than
    a leading "-", spaces inside, more than 20 digits, or a value out of bounds.
    """
    text = "" if raw is None else str(raw).strip(" \t\r\n")
    if not text:
        return default
    value = int(text) if ASCII_INTEGER.fullmatch(text) else None
    if value is None or (low is not None and value < low) or (high is not None and value > high):
        wanted = " ".join(filter(None, ["cần số nguyên", _range_text(low, high)]))
        raise BadParameter(name, f"Tham số “{name}” không hợp lệ: {wanted}.")
    return value


def int_param(params, name, *, default=None, low=None, high=None):
    """``params[name]`` (a QueryDict or dict) read by ``parse_int``."""
    return parse_int(params.get(name), name, default=default, low=low, high=high)


def bad_parameter_response(request, error, *, json=True):
    """The 400 a view answers with: JSON ``{"error": …}`` for APIs, a short page otherwise."""
    if json:
        return JsonResponse({"error": error.message}, status=400)
    from django.template.loader import render_to_string

    body = render_to_string("400.html", {"message": error.message}, request=request)
    return HttpResponse(body, status=400)


def answers_bad_parameters(json=True):
    """Decorator: a ``BadParameter`` raised by the view becomes its 400 response."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except BadParameter as error:
                return bad_parameter_response(request, error, json=json)

        return wrapper

    return decorate
