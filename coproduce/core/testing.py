"""Factories for tests: communities and people in them. Imported by conftest.py and by tests."""

import itertools

from django.utils import timezone

from coproduce.communities.models import Community, Membership, User

_seq = itertools.count(1)


def make_user(name: str = "", email: str | None = None, password: str = "a-long-pass-phrase") -> User:
    n = next(_seq)
    return User.objects.create_user(email=email or f"person{n}@example.org", password=password, name=name or f"Person {n}")


def make_community(slug: str = "", **fields) -> Community:
    n = next(_seq)
    return Community.objects.create(slug=slug or f"community-{n}", name=fields.pop("name", f"Community {n}"), **fields)


def make_member(community: Community, *, role: str = Membership.Role.MEMBER, kind: str = Membership.Kind.CITIZEN,
                status: str = Membership.Status.ACTIVE, user: User | None = None, name: str = "", **fields) -> Membership:
    user = user or make_user(name=name)
    number = (Membership.objects.filter(community=community).order_by("-member_number").values_list("member_number", flat=True).first() or 0) + 1
    now = timezone.now()
    return Membership.objects.create(
        community=community, user=user, role=role, kind=kind, status=status, member_number=number,
        joined_at=now if status == Membership.Status.ACTIVE else None, **fields,
    )
