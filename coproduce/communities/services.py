"""Writes for communities, people, organisations, assets and checks. Each validates, changes, and audits."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from coproduce.audit.services import audit_record, diff, snapshot
from coproduce.communities.models import (
    TIMEZONE_CHOICES,
    Asset,
    Check,
    Community,
    Membership,
    Organisation,
    PersonalAccessToken,
    User,
)
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.validation import clean_text, domain_error_from_validation

ERR_NOT_COORDINATOR = _("Only a coordinator of this community can do that.")
ERR_ALREADY_MEMBER = _("You already belong to this community or have applied to join it.")
ERR_CLOSED = _("This community is not taking applications at the moment.")
ERR_NOT_PENDING = _("This application has already been decided.")
ERR_REASON_REQUIRED = _("Give a reason, so the applicant knows why.")
ERR_NAME_REQUIRED = _("Enter a name.")
ERR_EMAIL_TAKEN = _("Someone already uses this email address.")
ERR_EMAIL_INVALID = _("Enter an email address like name@example.org, or leave it empty.")
ERR_SLUG_TAKEN = _("That short name is taken; choose another.")
ERR_SLUG_INVALID = _("Enter a short name using letters or numbers.")
ERR_TITLE_REQUIRED = _("Enter a title.")
ERR_EXPIRY_BEFORE_CHECK = _("The expiry date must be on or after the date of the check.")
ERR_LAST_ADMIN = _("A community needs at least one active administrator.")
ERR_NOT_BROKERED = _("A coordinator can only act for members who are marked as needing help to use the platform.")
ERR_KIND = _("Choose whether you use services or work in them.")
ERR_ROLE = _("Choose a role.")
ERR_STATUS = _("Choose active, suspended or left.")
ERR_ASSET_KIND = _("Choose what kind of asset this is.")
ERR_CHECK_KIND = _("Choose the kind of check.")
ERR_CHECK_STATUS = _("Choose the outcome of the check.")
ERR_ORGANISATION_TAKEN = _("There is already an organisation with that name.")
ERR_TOKEN_DAYS = _("Choose how many days the token lasts, from 1 to 3650, or leave it empty for no expiry.")
ERR_TIMEZONE = _("Choose a time zone from the list.")
ERR_FLOOR = _("The lowest balance cannot be above zero.")
ERR_CEILING = _("The highest balance cannot be below zero.")
ERR_SOFT_FLOOR = _("The warning level must lie between the lowest balance and zero.")
ERR_SOFT_CEILING = _("The warning level must lie between zero and the highest balance.")
ERR_UNKNOWN_SETTING = _("These settings cannot be changed here: %(f)s")
ERR_UNKNOWN_PROFILE_FIELD = _("Unknown profile field: %(f)s")

PROFILE_FIELDS = ("bio", "neighbourhood", "availability", "phone")
PROFILE_LIMITS = {"bio": 5000, "neighbourhood": 120, "availability": 200, "phone": 40}
COMMUNITY_SETTINGS = (
    "name", "description", "timezone", "locale", "hour_value", "default_floor_minutes", "default_ceiling_minutes",
    "default_soft_floor_minutes", "default_soft_ceiling_minutes", "application_stale_days",
    "exchange_autoconfirm_days", "is_open_for_applications",
)
_TIMEZONES = {tz for tz, _label in TIMEZONE_CHOICES}


def require_coordinator(membership: Membership | None, community: Community) -> Membership:
    """The acting member, if they coordinate this community; otherwise the same refusal as a missing object."""
    if membership is None or membership.community_id != community.pk or not membership.is_coordinator:
        raise NotFound(ERR_NOT_COORDINATOR)
    return membership


def require_admin(membership: Membership | None, community: Community) -> Membership:
    if membership is None or membership.community_id != community.pk or not membership.is_admin:
        raise NotFound(ERR_NOT_COORDINATOR)
    return membership


def _next_member_number(community: Community) -> int:
    # Callers hold the community row lock, so two joiners cannot take the same number.
    current = Membership.objects.filter(community=community).aggregate(m=Max("member_number"))["m"]
    return (current or 0) + 1


def _lock_community(community: Community) -> Community:
    return Community.objects.select_for_update().get(pk=community.pk)


def _clean_email(email: object) -> str:
    email = clean_text(email, field="email", max_length=254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(ERR_EMAIL_INVALID, field="email") from None
    return email


def community_create(
    *, actor: User, name: str, slug: str = "", description: str = "", timezone_name: str = "Europe/London"
) -> Community:
    """Anyone signed in may start a community; they become its first administrator."""
    name = clean_text(name, field="name", max_length=120, required=ERR_NAME_REQUIRED)
    description = clean_text(description, field="description", max_length=5000)
    slug = slugify(clean_text(slug, field="slug") or name)[:60].strip("-")
    if not slug:
        raise DomainError(ERR_SLUG_INVALID, field="slug")
    if timezone_name not in _TIMEZONES:
        raise DomainError(ERR_TIMEZONE, field="timezone")
    with transaction.atomic():
        if Community.objects.filter(slug=slug).exists():
            raise DomainError(ERR_SLUG_TAKEN, field="slug")
        community = Community.objects.create(name=name, slug=slug, description=description, timezone=timezone_name)
        now = timezone.now()
        Membership.objects.create(
            community=community, user=actor, kind=Membership.Kind.PROFESSIONAL, role=Membership.Role.ADMIN,
            status=Membership.Status.ACTIVE, member_number=1, joined_at=now, decided_at=now,
        )
        audit_record(actor=actor, community=community, action="community.create", target=community,
                     changes={"name": [None, name], "slug": [None, slug]})
    return community


def community_update(*, actor: Membership, community: Community, **fields) -> Community:
    """Administrators change the community's settings; limits must span zero, warnings inside the limits."""
    require_admin(actor, community)
    unknown = set(fields) - set(COMMUNITY_SETTINGS)
    if unknown:
        raise DomainError(ERR_UNKNOWN_SETTING % {"f": ", ".join(sorted(unknown))})
    if "name" in fields:
        fields["name"] = clean_text(fields["name"], field="name", max_length=120, required=ERR_NAME_REQUIRED)
    if "description" in fields:
        fields["description"] = clean_text(fields["description"], field="description", max_length=5000)
    if "hour_value" in fields:
        try:
            fields["hour_value"] = Decimal(str(fields["hour_value"]))
        except InvalidOperation:
            raise DomainError(_("Enter an amount of money, like 15.00."), field="hour_value") from None
        if not fields["hour_value"].is_finite() or not Decimal(0) <= fields["hour_value"] < Decimal(1_000_000):
            raise DomainError(_("Enter an amount from 0 to 999999.99."), field="hour_value")
    with transaction.atomic():
        community = _lock_community(community)
        before = snapshot(community, fields)
        for key, value in fields.items():
            setattr(community, key, value)
        try:
            community.full_clean(validate_constraints=False)
        except ValidationError as error:
            raise domain_error_from_validation(error) from None
        if community.default_floor_minutes > 0:
            raise DomainError(ERR_FLOOR, field="default_floor_minutes")
        if community.default_ceiling_minutes < 0:
            raise DomainError(ERR_CEILING, field="default_ceiling_minutes")
        if not community.default_floor_minutes <= community.default_soft_floor_minutes <= 0:
            raise DomainError(ERR_SOFT_FLOOR, field="default_soft_floor_minutes")
        if not 0 <= community.default_soft_ceiling_minutes <= community.default_ceiling_minutes:
            raise DomainError(ERR_SOFT_CEILING, field="default_soft_ceiling_minutes")
        community.save()
        audit_record(actor=actor.user, community=community, action="community.update", target=community,
                     changes=diff(before, snapshot(community, fields)))
    return community


def membership_apply(
    *, user: User, community: Community, kind: str = Membership.Kind.CITIZEN, message: str = ""
) -> Membership:
    """A signed-in person asks to join. Coordinators decide; the applicant is told."""
    if kind not in Membership.Kind.values:
        raise DomainError(ERR_KIND, field="kind")
    message = clean_text(message, field="message", max_length=2000)
    with transaction.atomic():
        community = _lock_community(community)
        existing = Membership.objects.filter(community=community, user=user).first()
        if existing and existing.status in (Membership.Status.ACTIVE, Membership.Status.APPLIED, Membership.Status.SUSPENDED):
            raise DomainError(ERR_ALREADY_MEMBER)
        if not community.is_open_for_applications:
            raise DomainError(ERR_CLOSED)
        if existing:
            before = snapshot(existing, ("status", "kind"))
            existing.status = Membership.Status.APPLIED
            existing.kind = kind
            existing.application_message = message
            existing.decision_reason = ""
            existing.decided_at = None
            existing.save()
            membership = existing
            changes = diff(before, snapshot(existing, ("status", "kind")))
        else:
            membership = Membership.objects.create(
                community=community, user=user, kind=kind, application_message=message,
                member_number=_next_member_number(community),
            )
            changes = {"status": [None, membership.status], "kind": [None, kind]}
        audit_record(actor=user, community=community, action="membership.apply", target=membership, changes=changes)
    from coproduce.communities.tasks import notify_coordinators_of_application

    transaction.on_commit(lambda: notify_coordinators_of_application.enqueue(membership.pk))
    return membership


def _decide(*, actor: Membership, community: Community, membership_id: int, approve: bool, reason: str) -> Membership:
    require_coordinator(actor, community)
    reason = clean_text(reason, field="reason", max_length=2000)
    if not approve and not reason:
        raise DomainError(ERR_REASON_REQUIRED, field="reason")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(community=community, pk=membership_id).first()
        if membership is None:
            raise NotFound()
        if membership.status != Membership.Status.APPLIED:
            raise DomainError(ERR_NOT_PENDING)
        now = timezone.now()
        membership.status = Membership.Status.ACTIVE if approve else Membership.Status.DECLINED
        membership.decision_reason = reason
        membership.decided_at = now
        if approve:
            membership.joined_at = now
        membership.save()
        audit_record(actor=actor.user, community=community,
                     action="membership.approve" if approve else "membership.decline", target=membership,
                     changes={"status": [Membership.Status.APPLIED, membership.status], "reason": [None, membership.decision_reason]})
    from coproduce.communities.tasks import notify_applicant_of_decision

    transaction.on_commit(lambda: notify_applicant_of_decision.enqueue(membership.pk))
    return membership


def membership_approve(*, actor: Membership, community: Community, membership_id: int, reason: str = "") -> Membership:
    """A coordinator lets an applicant in; the applicant is told by email."""
    return _decide(actor=actor, community=community, membership_id=membership_id, approve=True, reason=reason)


def membership_decline(*, actor: Membership, community: Community, membership_id: int, reason: str) -> Membership:
    """A coordinator turns an application down, always with a reason the applicant is sent."""
    return _decide(actor=actor, community=community, membership_id=membership_id, approve=False, reason=reason)


def membership_add_offline(
    *, actor: Membership, community: Community, name: str, kind: str = Membership.Kind.CITIZEN,
    email: str = "", phone: str = "", neighbourhood: str = "", availability: str = "",
) -> Membership:
    """A coordinator adds someone who has no email or no computer; they act for them afterwards."""
    require_coordinator(actor, community)
    name = clean_text(name, field="name", max_length=150, required=ERR_NAME_REQUIRED)
    if kind not in Membership.Kind.values:
        raise DomainError(ERR_KIND, field="kind")
    email = _clean_email(email)
    phone = clean_text(phone, field="phone", max_length=PROFILE_LIMITS["phone"])
    neighbourhood = clean_text(neighbourhood, field="neighbourhood", max_length=PROFILE_LIMITS["neighbourhood"])
    availability = clean_text(availability, field="availability", max_length=PROFILE_LIMITS["availability"])
    with transaction.atomic():
        community = _lock_community(community)
        if email and User.objects.filter(email__iexact=email).exists():
            raise DomainError(ERR_EMAIL_TAKEN, field="email")
        user = User.objects.create_user(email=email or None, name=name)
        now = timezone.now()
        membership = Membership.objects.create(
            community=community, user=user, kind=kind, status=Membership.Status.ACTIVE, is_brokered=True,
            member_number=_next_member_number(community), joined_at=now, decided_at=now,
            phone=phone, neighbourhood=neighbourhood, availability=availability,
        )
        audit_record(actor=actor.user, community=community, action="membership.add_offline", target=membership,
                     changes={"status": [None, membership.status], "name": [None, name]})
    return membership


def membership_profile_update(*, actor: Membership, community: Community, membership: Membership, **fields) -> Membership:
    """A member edits their own profile; a coordinator may edit it for a member they act for."""
    if membership.community_id != community.pk or actor.community_id != community.pk or not actor.is_active:
        raise NotFound()
    if actor.pk != membership.pk:
        require_coordinator(actor, community)
        if not membership.is_brokered:
            raise DomainError(ERR_NOT_BROKERED)
    unknown = set(fields) - set(PROFILE_FIELDS) - {"name"}
    if unknown:
        raise DomainError(ERR_UNKNOWN_PROFILE_FIELD % {"f": ", ".join(sorted(unknown))})
    cleaned = {key: clean_text(fields[key], field=key, max_length=PROFILE_LIMITS[key]) for key in PROFILE_FIELDS if key in fields}
    name = clean_text(fields["name"], field="name", max_length=150, required=ERR_NAME_REQUIRED) if "name" in fields else None
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        before = snapshot(membership, cleaned)
        for key, value in cleaned.items():
            setattr(membership, key, value)
        membership.save()
        changes = diff(before, snapshot(membership, cleaned))
        if name is not None and name != membership.user.name:
            changes["name"] = [membership.user.name, name]
            membership.user.name = name
            membership.user.save(update_fields=["name"])
        audit_record(actor=actor.user, community=community, action="membership.profile_update", target=membership, changes=changes)
    return membership


def membership_set_role(*, actor: Membership, community: Community, membership_id: int, role: str | None = None,
                        kind: str | None = None, status: str | None = None) -> Membership:
    """Admins change roles; coordinators may change kind and suspend or reinstate members.
    A community always keeps at least one active administrator."""
    require_coordinator(actor, community)
    if role is not None and not actor.is_admin:
        raise NotFound(ERR_NOT_COORDINATOR)
    if role is not None and role not in Membership.Role.values:
        raise DomainError(ERR_ROLE, field="role")
    if kind is not None and kind not in Membership.Kind.values:
        raise DomainError(ERR_KIND, field="kind")
    if status is not None and status not in (Membership.Status.ACTIVE, Membership.Status.SUSPENDED, Membership.Status.LEFT):
        raise DomainError(ERR_STATUS, field="status")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(community=community, pk=membership_id).first()
        if membership is None or membership.status in (Membership.Status.APPLIED, Membership.Status.DECLINED):
            raise NotFound()
        if membership.role == Membership.Role.ADMIN and not actor.is_admin:
            # Coordinators cannot suspend or change the people who administer them.
            raise NotFound(ERR_NOT_COORDINATOR)
        before = snapshot(membership, ("role", "kind", "status"))
        if role is not None:
            membership.role = role
        if kind is not None:
            membership.kind = kind
        if status is not None:
            membership.status = status
        if before["role"] == Membership.Role.ADMIN and (membership.role != Membership.Role.ADMIN or membership.status != Membership.Status.ACTIVE):
            admins = Membership.objects.filter(community=community, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE).exclude(pk=membership.pk)
            if not admins.exists():
                raise DomainError(ERR_LAST_ADMIN)
        membership.save()
        audit_record(actor=actor.user, community=community, action="membership.update", target=membership,
                     changes=diff(before, snapshot(membership, ("role", "kind", "status"))))
    return membership


def _can_act_for(actor: Membership, membership: Membership) -> bool:
    return actor.is_active and (actor.pk == membership.pk or (actor.is_coordinator and membership.is_brokered))


def asset_create(*, actor: Membership, community: Community, membership: Membership, kind: str, title: str,
                 description: str = "") -> Asset:
    """A member records something they bring; a coordinator may do it for a member they act for."""
    if membership.community_id != community.pk or actor.community_id != community.pk or not _can_act_for(actor, membership):
        raise NotFound()
    if kind not in Asset.Kind.values:
        raise DomainError(ERR_ASSET_KIND, field="kind")
    title = clean_text(title, field="title", max_length=120, required=ERR_TITLE_REQUIRED)
    description = clean_text(description, field="description", max_length=5000)
    with transaction.atomic():
        asset = Asset.objects.create(community=community, membership=membership, kind=kind, title=title,
                                     description=description)
        audit_record(actor=actor.user, community=community, action="asset.create", target=asset,
                     changes={"kind": [None, kind], "title": [None, title]})
    return asset


def asset_delete(*, actor: Membership, community: Community, asset_id: int) -> None:
    """Remove an asset; only its owner, or a coordinator acting for them, may."""
    if actor.community_id != community.pk:
        raise NotFound()
    with transaction.atomic():
        asset = Asset.objects.select_related("membership").filter(community=community, pk=asset_id).first()
        if asset is None or not _can_act_for(actor, asset.membership):
            raise NotFound()
        audit_record(actor=actor.user, community=community, action="asset.delete", target=asset,
                     changes={"title": [asset.title, None]})
        asset.delete()


def check_record(
    *, actor: Membership, community: Community, membership: Membership, kind: str, status: str,
    title: str = "", checked_on: dt.date | None = None, expires_on: dt.date | None = None, notes: str = "",
) -> Check:
    """A coordinator records a vetting check: a reference, a background check or training."""
    require_coordinator(actor, community)
    if membership.community_id != community.pk:
        raise NotFound()
    if kind not in Check.Kind.values:
        raise DomainError(ERR_CHECK_KIND, field="kind")
    if status not in Check.Status.values:
        raise DomainError(ERR_CHECK_STATUS, field="status")
    title = clean_text(title, field="title", max_length=150)
    notes = clean_text(notes, field="notes", max_length=5000)
    if checked_on and expires_on and expires_on < checked_on:
        raise DomainError(ERR_EXPIRY_BEFORE_CHECK, field="expires_on")
    with transaction.atomic():
        check = Check.objects.create(
            community=community, membership=membership, kind=kind, status=status, title=title,
            checked_on=checked_on, expires_on=expires_on, notes=notes, recorded_by=actor.user,
        )
        audit_record(actor=actor.user, community=community, action="check.record", target=check,
                     changes={"kind": [None, kind], "status": [None, status], "expires_on": [None, expires_on]})
    return check


def check_update(*, actor: Membership, community: Community, check_id: int, status: str | None = None,
                 expires_on: dt.date | None = None, notes: str | None = None) -> Check:
    """A coordinator records the outcome of a pending check or renews its expiry."""
    require_coordinator(actor, community)
    if status is not None and status not in Check.Status.values:
        raise DomainError(ERR_CHECK_STATUS, field="status")
    if notes is not None:
        notes = clean_text(notes, field="notes", max_length=5000)
    with transaction.atomic():
        check = Check.objects.select_for_update().filter(community=community, pk=check_id).first()
        if check is None:
            raise NotFound()
        before = snapshot(check, ("status", "expires_on", "notes"))
        if status is not None:
            check.status = status
        if expires_on is not None:
            if check.checked_on and expires_on < check.checked_on:
                raise DomainError(ERR_EXPIRY_BEFORE_CHECK, field="expires_on")
            check.expires_on = expires_on
        if notes is not None:
            check.notes = notes
        check.save()
        audit_record(actor=actor.user, community=community, action="check.update", target=check,
                     changes=diff(before, snapshot(check, ("status", "expires_on", "notes"))))
    return check


def organisation_create(*, actor: Membership, community: Community, name: str, description: str = "",
                        contact_email: str = "") -> Organisation:
    """A coordinator adds a partner agency; names are unique within the community."""
    require_coordinator(actor, community)
    name = clean_text(name, field="name", max_length=150, required=ERR_NAME_REQUIRED)
    description = clean_text(description, field="description", max_length=5000)
    try:
        contact_email = _clean_email(contact_email)
    except DomainError as error:
        raise DomainError(error.message, field="contact_email") from None
    if Organisation.objects.filter(community=community, name__iexact=name).exists():
        raise DomainError(ERR_ORGANISATION_TAKEN, field="name")
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(community=community, name=name, description=description,
                                                       contact_email=contact_email)
            audit_record(actor=actor.user, community=community, action="organisation.create", target=organisation,
                         changes={"name": [None, name]})
    except IntegrityError:
        raise DomainError(ERR_ORGANISATION_TAKEN, field="name") from None
    return organisation


def token_create(*, user: User, name: str, days: int | None = 90) -> tuple[PersonalAccessToken, str]:
    """Create an API token. Returns the stored token and the raw value, which is never shown again."""
    name = clean_text(name, field="name", max_length=80, required=ERR_NAME_REQUIRED)
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 3650):
        raise DomainError(ERR_TOKEN_DAYS, field="days")
    raw = PersonalAccessToken.generate()
    with transaction.atomic():
        token = PersonalAccessToken.objects.create(
            user=user, name=name, prefix=raw[:12], token_hash=PersonalAccessToken.hash(raw),
            expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
        )
        audit_record(actor=user, community=None, action="token.create", target=token, changes={"name": [None, name]})
    return token, raw


def token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of the person's own tokens; anyone else's looks missing."""
    with transaction.atomic():
        token = PersonalAccessToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
        if token is None:
            raise NotFound()
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, community=None, action="token.revoke", target=token, changes={"revoked": [False, True]})
