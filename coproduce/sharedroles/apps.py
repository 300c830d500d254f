from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharedrolesConfig(AppConfig):
    name = "coproduce.sharedroles"
    verbose_name = _("Shared roles")
