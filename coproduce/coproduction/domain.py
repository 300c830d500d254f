"""Stable codes of the co-production model. Display texts are translatable; codes never change."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Principle(models.TextChoices):
    ASSETS = "ASSETS", _("An asset-based approach")
    CAPABILITIES = "CAPABILITIES", _("Working on capabilities")
    MUTUALITY = "MUTUALITY", _("Developing mutuality")
    NETWORKS = "NETWORKS", _("Growing networks")
    BLURRING_ROLES = "BLURRING_ROLES", _("Blurring roles")
    CATALYSTS = "CATALYSTS", _("Acting as catalysts")


class Phase(models.TextChoices):
    """The "four Co's": which part of the service cycle an activity belongs to."""

    COMMISSION = "commission", _("Co-commissioning")
    DESIGN = "design", _("Co-design")
    DELIVER = "deliver", _("Co-delivery")
    ASSESS = "assess", _("Co-assessment")


PLANNING_PHASES = (Phase.COMMISSION, Phase.DESIGN)
DELIVERY_PHASES = (Phase.DELIVER,)


class LadderStep(models.IntegerChoices):
    """The ladder of co-production (TLAP's National Co-production Advisory Group, after Arnstein)."""

    COERCING = 1, _("Coercing")
    EDUCATING = 2, _("Educating")
    INFORMING = 3, _("Informing")
    CONSULTING = 4, _("Consulting")
    ENGAGING = 5, _("Engaging")
    CO_DESIGNING = 6, _("Co-designing")
    CO_PRODUCING = 7, _("Co-producing")


LADDER_CODES = {
    1: "COERCING", 2: "EDUCATING", 3: "INFORMING", 4: "CONSULTING", 5: "ENGAGING", 6: "CO_DESIGNING", 7: "CO_PRODUCING",
}


def ladder_band(step: int) -> str:
    if step <= 2:
        return "doing_to"
    if step <= 5:
        return "doing_for"
    return "doing_with"


class ContributionRole(models.TextChoices):
    GAVE = "gave", _("Gave help")
    RECEIVED = "received", _("Received help")
    TOOK_PART = "took_part", _("Took part")
    FACILITATED = "facilitated", _("Facilitated")
    DECIDED = "decided", _("Decided")


class ActivityKind(models.TextChoices):
    EXCHANGE = "exchange", _("Exchange")
    SHIFT = "shift", _("Shift")
    LINKUP_SESSION = "linkup_session", _("Link-up session")
    HEARING = "hearing", _("Hearing")
    WORKSHOP = "workshop", _("Workshop")
    MEETING = "meeting", _("Meeting")
    SURVEY = "survey", _("Survey")
    TRAINING = "training", _("Training")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")
