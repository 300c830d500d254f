"""Outcomes recorded by peer programmes (goals met, sentences completed...), shown in funder reports.

Insights knows nothing about the programmes; a module that records outcomes registers a provider in its
AppConfig.ready():

    register_outcomes(lambda community, service, start, end: [Outcome("goals_met", _("Family goals met"), 12)])

Providers must read only the community they are given and must not fail the report: an exception
in one provider is logged and that provider is left out.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str | Promise
    value: float
    unit: str = "count"


OutcomeProvider = Callable[..., list[Outcome]]
_providers: list[OutcomeProvider] = []


def register_outcomes(provider: OutcomeProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_outcomes(provider: OutcomeProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def outcomes_for(*, community, service, start: dt.datetime, end: dt.datetime) -> list[dict]:
    results: list[dict] = []
    for provider in list(_providers):
        try:
            outcomes = provider(community, service, start, end)
        except Exception:
            logger.exception("Outcome provider %r failed", provider)
            continue
        results.extend(
            {"code": o.code, "label": str(o.label), "value": o.value, "unit": o.unit} for o in outcomes or []
        )
    return results
