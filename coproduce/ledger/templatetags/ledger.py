"""Showing minutes as people read time: "2 h 30 min", with an explicit sign where a change is shown."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def format_minutes(value: int | None, *, signed: bool = False) -> str:
    if value is None:
        return _("no limit")
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    hours, minutes = divmod(abs(int(value)), 60)
    if hours and minutes:
        text = _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    elif hours:
        text = _("%(h)s h") % {"h": hours}
    else:
        text = _("%(m)s min") % {"m": minutes}
    return sign + text


@register.filter
def hours(value: int | None) -> str:
    """90 -> "1 h 30 min", -45 -> "−45 min", None -> "no limit"."""
    return format_minutes(value)


@register.filter
def signed_hours(value: int | None) -> str:
    """90 -> "+1 h 30 min": for changes, so the direction never depends on colour alone."""
    return format_minutes(value, signed=True)
