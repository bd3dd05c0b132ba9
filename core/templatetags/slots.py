from django import template

from core.slots import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name, **kwargs):
    """Everything the installed apps registered for this place, in hook order; nothing if none did."""
    return render_slot(name, context, **kwargs)
