from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkupsConfig(AppConfig):
    name = "coproduce.linkups"
    verbose_name = _("Family link-ups")
