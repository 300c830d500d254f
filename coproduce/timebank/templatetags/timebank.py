from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """Minutes as hours and minutes: "1 h 30 min", "45 min", "−2 h" (minus sign for debits)."""
    if minutes is None or minutes == "":
        return ""
    minutes = int(minutes)
    sign = "−" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        text = _("%(h)s h %(m)s min") % {"h": hours, "m": rest}
    elif hours:
        text = _("%(h)s h") % {"h": hours}
    else:
        text = _("%(m)s min") % {"m": rest}
    return sign + text


@register.simple_tag
def statement_url(community, account) -> str:
    """The ledger's statement page for an account, or "" while the ledger offers none."""
    if account is None or getattr(account, "pk", None) is None:
        return ""
    for name, args in (
        ("ledger:statement", [community.slug, account.pk]),
        ("ledger:account", [community.slug, account.pk]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
