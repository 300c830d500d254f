from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(TimeStamped):
    """Every row owned by a community carries `community_id`, so tenant data can be filtered,
    constrained and, at scale, distributed by community."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )

    class Meta:
        abstract = True
