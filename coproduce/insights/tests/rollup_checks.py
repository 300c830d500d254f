"""Comparing the facts insights read from rollups with those read from the activity record, for tests."""

import dataclasses
import datetime as dt
import zoneinfo

from coproduce.coproduction.models import Activity
from coproduce.insights.compute import Facts, gather_facts
from coproduce.insights.tests.factories import END, START

ROLES = ["gave", "received", "took_part", "facilitated", "decided"]
PHASES = ["commission", "design", "deliver", "assess"]
KINDS = ["exchange", "meeting", "workshop", "shift"]
PARTS = ("members", "activities", "network")
ALL_RECORDS = dict.fromkeys(PARTS, "records")
ALL_ROLLUPS = dict.fromkeys(PARTS, "rollups")


def comparable(facts: Facts) -> dict:
    fields = dataclasses.asdict(facts)
    del fields["sources"]
    # The activity rows are a set of groups; their order carries no meaning.
    fields["rollup"] = sorted(
        fields["rollup"], key=lambda r: (r["bucket"], r["kind"], r["phase"], r["ladder_step"] or 0, r["category"])
    )
    return fields


def differences(community, service, start, end) -> tuple[dict, dict[str, str]]:
    """Fields of `Facts` that differ, as {field: (from records, from rollups)}, and the parts rollups served."""
    by_records = gather_facts(community=community, service=service, start=start, end=end, use_rollups=False)
    by_rollups = gather_facts(community=community, service=service, start=start, end=end, use_rollups=True)
    assert by_records.sources == ALL_RECORDS
    left, right = comparable(by_records), comparable(by_rollups)
    return {name: (left[name], right[name]) for name in left if left[name] != right[name]}, by_rollups.sources


def facts_from_rollups(community, service=None, start=START, end=END) -> Facts:
    """The facts from rollups, after checking they equal the facts from the record field by field."""
    diff, _sources = differences(community, service, start, end)
    assert diff == {}
    return gather_facts(community=community, service=service, start=start, end=end, use_rollups=True)


def expected_sources(community, service, start: dt.datetime, end: dt.datetime) -> dict[str, str]:
    tz = zoneinfo.ZoneInfo(community.timezone)
    if any(bound.astimezone(tz).time() != dt.time(0) for bound in (start, end)):
        return ALL_RECORDS
    later = Activity.objects.filter(community=community, occurred_at__gte=end)
    if service is not None:
        later = later.filter(service=service)
    whole = "records" if later.exists() else "rollups"
    return {"members": whole, "activities": "rollups", "network": whole}
