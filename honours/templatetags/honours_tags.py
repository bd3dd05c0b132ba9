import json
from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe

from core.text import slugify

register = template.Library()


@register.filter
def honours_slug(name):
    """The slug part of a unit's URL (``honours:unit``)."""
    return slugify(name, 80) or "don-vi"


@register.simple_tag
def honours_query(query, **changes):
    """The current filters with ``changes`` applied, back to page 1, as a query string."""
    merged = {**query, **changes}
    merged.pop("page", None)
    return urlencode({key: value for key, value in merged.items() if value not in ("", None)})


# The characters that could end a <script> element or open an HTML comment, as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def decision_jsonld(context, decision, recipients):
    """schema.org ``Legislation`` for a decision, safe inside a <script> element."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": f"Quyết định số {decision.number}",
        "legislationIdentifier": decision.number,
        "legislationDate": decision.date.isoformat(),
        "legislationPassedBy": {"@type": "Organization", "name": decision.issuer},
        "inLanguage": "vi",
        "url": request.build_absolute_uri(decision.get_absolute_url()),
    }
    if decision.summary:
        data["abstract"] = decision.summary
    if decision.signer:
        data["author"] = {"@type": "Person", "name": decision.signer}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))
