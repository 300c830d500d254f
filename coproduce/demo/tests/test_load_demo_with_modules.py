"""The whole demo as `make run` loads it: the core data and every module's own history together."""

import pytest
from django.db.models import F

from coproduce.communities.models import Asset, Check, Community
from coproduce.coproduction.domain import Phase
from coproduce.coproduction.models import Activity, Contribution
from coproduce.demo.loader import DEMO_SLUGS, demo_modules, load_demo


@pytest.mark.django_db
def test_with_every_module_each_contribution_still_belongs_to_its_activitys_community():
    # Today, not a pinned day: modules check things such as training expiry against the real date.
    summary = load_demo(members=60, seed=4, show_progress=False)

    assert summary.startswith(f"Demo data loaded: {Community.objects.count()} communities")
    assert set(DEMO_SLUGS) <= set(Community.objects.values_list("slug", flat=True))
    sources = set(Activity.objects.exclude(source="").values_list("source", flat=True))
    assert sources or not demo_modules()  # the modules' workflows recorded their work as activities
    assert set(Activity.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert not Contribution.objects.exclude(community_id=F("activity__community_id")).exists()
    assert not Contribution.objects.exclude(membership__community_id=F("activity__community_id")).exists()
    assert not Activity.objects.exclude(service__community_id=F("community_id")).exists()
    assert not Asset.objects.exclude(membership__community_id=F("community_id")).exists()
    assert not Check.objects.exclude(membership__community_id=F("community_id")).exists()
