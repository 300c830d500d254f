"""A digest of the demo's rows by natural keys (never ids, which differ between runs and databases)."""

import hashlib

from coproduce.communities.models import Asset, Check, Membership, Organisation, User
from coproduce.coproduction.models import Activity, Contribution, Service


def demo_rows() -> dict[str, list[tuple]]:
    return {
        "users": sorted(
            User.objects.values_list("email", "name", "preferred_language", "is_staff", "date_joined"), key=repr
        ),
        "memberships": sorted(
            Membership.objects.values_list(
                "community__slug",
                "member_number",
                "user__name",
                "user__email",
                "kind",
                "role",
                "status",
                "is_brokered",
                "joined_at",
                "decided_at",
                "neighbourhood",
                "availability",
                "bio",
                "phone",
                "application_message",
                "decision_reason",
            ),
            key=repr,
        ),
        "applications": sorted(
            Membership.objects.filter(status=Membership.Status.APPLIED).values_list(
                "community__slug", "member_number", "created_at"
            ),
            key=repr,
        ),
        "assets": sorted(
            Asset.objects.values_list("community__slug", "membership__member_number", "kind", "title"), key=repr
        ),
        "checks": sorted(
            Check.objects.values_list(
                "community__slug", "membership__member_number", "kind", "status", "title", "checked_on", "expires_on"
            ),
            key=repr,
        ),
        "organisations": sorted(Organisation.objects.values_list("community__slug", "name"), key=repr),
        "services": sorted(Service.objects.values_list("community__slug", "name"), key=repr),
        "activities": sorted(
            Activity.objects.values_list(
                "community__slug", "service__name", "kind", "phase", "ladder_step", "title", "occurred_at", "location"
            ),
            key=repr,
        ),
        "contributions": sorted(
            Contribution.objects.values_list(
                "community__slug",
                "activity__title",
                "activity__occurred_at",
                "membership__member_number",
                "role",
                "minutes",
            ),
            key=repr,
        ),
    }


def demo_digest() -> str:
    return hashlib.sha256(repr(demo_rows()).encode()).hexdigest()
