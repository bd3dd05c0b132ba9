"""Named places in the site's templates that other apps fill: ``{% slot "article_end" page=page %}``.

Why Wagtail hooks rather than a registry of our own: Wagtail already imports every
installed app's ``wagtail_hooks.py`` at start-up and keeps the registered callables
in order, so an app fills a slot by registering a hook there, and an app removed from
``INSTALLED_APPS`` simply stops filling it. No ``AppConfig.ready`` bookkeeping, no
second registry to reset in tests.

A filler is registered under ``slot_hook_name(name)`` and called as
``filler(context, **kwargs)``; it returns HTML (a safe string) or ``""``. Use
``render_fragment`` to render a template the way an inclusion tag would.

Slots offered today (by ``templates/base.html`` and the news templates):

- ``footer``: the page footer, beside the site's contact block;
- ``body_end``: just before ``</body>`` (scripts);
- ``home_sidebar``: the home page's column under "Tin mới nhất";
- ``campaign_sidebar``: a campaign page's fact box (``campaign=page``);
- ``article_end``: the end of an article, before related stories (``page=page``).
"""

from django.template.loader import get_template
from django.utils.safestring import mark_safe
from wagtail import hooks


def slot_hook_name(name):
    return f"template_slot:{name}"


def register_filler(name, order=0):
    """Decorator: ``@register_filler("article_end")`` on ``def filler(context, page): ...``."""
    return hooks.register(slot_hook_name(name), order=order)


def render_slot(name, context, **kwargs):
    return mark_safe("".join(str(filler(context, **kwargs) or "") for filler in hooks.get_hooks(slot_hook_name(name))))


def render_fragment(context, template_name, data):
    """Render ``template_name`` with ``data`` only, keeping the CSRF token, as Django's inclusion tags do."""
    new_context = context.new(data)
    csrf_token = context.get("csrf_token")
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return get_template(template_name).template.render(new_context)
