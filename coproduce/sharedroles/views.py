import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.communities.access import COORDINATOR, community_view
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error
from coproduce.sharedroles import selectors, services
from coproduce.sharedroles.forms import (
    CancelForm,
    ChairForm,
    CommitteeForm,
    CommitteeMemberForm,
    MeetingForm,
    PlaceRoleForm,
    RecordShiftForm,
    SettingsForm,
    ShiftForm,
    SignupForOtherForm,
    TemplateForm,
)
from coproduce.sharedroles.services import DecisionInput, WorkInput


def _get(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404 from None


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _person_param(request) -> int | None:
    """The member a coordinator acts for, or None for the person themself. Anything else matches no one."""
    raw = request.POST.get("membership_id", "")
    if not raw:
        return None
    return int(raw) if raw.isdecimal() else 0


def _week_param(request) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return selectors.week_start_of(day)


@community_view()
def rota(request):
    community, membership = request.community, request.membership
    week_start = _week_param(request)
    context = {
        "days": selectors.rota_week(community=community, week_start=week_start, viewer_id=membership.pk),
        "week_start": week_start,
        "week_end": week_start + dt.timedelta(days=6),
        "previous_week": week_start - dt.timedelta(days=7),
        "next_week": week_start + dt.timedelta(days=7),
        "my_place_role": selectors.place_role_of(community=community, membership=membership),
        "now": timezone.now(),
    }
    if membership.is_coordinator:
        context["to_record"] = selectors.shifts_to_record(community=community)[:20]
    return render(request, "sharedroles/rota.html", context)


@community_view()
def shift_detail(request, shift_id: int):
    community, membership = request.community, request.membership
    shift = _get(selectors.shift_get, community=community, shift_id=shift_id)
    context = {
        "shift": shift,
        "rs": selectors.rota_shift(community=community, shift=shift, viewer_id=membership.pk),
        "work": selectors.shift_work(community=community, shift=shift),
        "now": timezone.now(),
    }
    if membership.is_coordinator:
        context["signup_form"] = SignupForOtherForm(people=selectors.people_in_place(community=community))
        context["cancel_form"] = CancelForm()
    return render(request, "sharedroles/shift_detail.html", context)


@require_POST
@community_view()
def shift_signup(request, shift_id: int):
    community, membership = request.community, request.membership
    try:
        services.shift_signup(
            actor=membership, community=community, shift_id=shift_id, membership_id=_person_param(request)
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Signed up. Thank you."))
    return _back(request, reverse("sharedroles:shift", args=[community.slug, shift_id]))


@require_POST
@community_view()
def shift_withdraw(request, shift_id: int):
    community, membership = request.community, request.membership
    try:
        services.shift_withdraw(
            actor=membership, community=community, shift_id=shift_id, membership_id=_person_param(request)
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Withdrawn from the shift."))
    return _back(request, reverse("sharedroles:shift", args=[community.slug, shift_id]))


@community_view(COORDINATOR)
def shift_cancel(request, shift_id: int):
    community, membership = request.community, request.membership
    shift = _get(selectors.shift_get, community=community, shift_id=shift_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_cancel(
                actor=membership, community=community, shift_id=shift.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Shift cancelled."))
            return redirect("sharedroles:shift", community.slug, shift.pk)
    return render(request, "sharedroles/shift_cancel.html", {"shift": shift, "form": form})


@community_view(COORDINATOR)
def shift_new(request):
    community, membership = request.community, request.membership
    templates = selectors.templates_list(community=community, active_only=True)
    form = ShiftForm(request.POST or None, community=community, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            shift = services.shift_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Shift added to the rota."))
            return redirect("sharedroles:shift", community.slug, shift.pk)
    return render(request, "sharedroles/shift_new.html", {"form": form, "templates": templates})


@community_view(COORDINATOR)
def shift_record(request, shift_id: int):
    community, membership = request.community, request.membership
    shift = _get(selectors.shift_get, community=community, shift_id=shift_id)
    crew = selectors.rota_shift(community=community, shift=shift).crew
    form = RecordShiftForm(
        request.POST or None,
        crew=crew,
        people=selectors.people_in_place(community=community),
        default_minutes=shift.duration_minutes,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_record(
                actor=membership,
                community=community,
                shift_id=shift.pk,
                worked=[WorkInput(pk, minutes) for pk, minutes in form.worked()],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Shift recorded. Thank you to everyone who worked it."))
            return redirect("sharedroles:shift", community.slug, shift.pk)
    return render(request, "sharedroles/shift_record.html", {"shift": shift, "form": form})


@community_view()
def roles(request):
    community = request.community
    return render(request, "sharedroles/roles.html", {"templates": selectors.templates_list(community=community)})


@community_view(COORDINATOR)
def role_edit(request, template_id: int | None = None):
    community, membership = request.community, request.membership
    template = _get(selectors.template_get, community=community, template_id=template_id) if template_id else None
    initial = {
        "risk_level": "low",
        "supervision": "independent",
        "area": "other",
        "allow_residents": True,
        "allow_families": True,
        "allow_staff": True,
        "allow_volunteers": True,
        "is_active": True,
    }
    if template is not None:
        initial = {name: getattr(template, name) for name in services.TEMPLATE_FIELDS}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if template is None:
                data = dict(form.cleaned_data)
                data.pop("is_active")
                template = services.template_create(actor=membership, community=community, **data)
            else:
                services.template_update(
                    actor=membership, community=community, template_id=template.pk, **form.cleaned_data
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Role saved."))
            return redirect("sharedroles:roles", community.slug)
    return render(request, "sharedroles/role_edit.html", {"form": form, "template": template})


@community_view(COORDINATOR)
def people(request):
    community, membership = request.community, request.membership
    if request.method == "POST":
        form = PlaceRoleForm(request.POST)
        raw = request.POST.get("membership_id", "")
        if form.is_valid() and raw.isdecimal():
            try:
                services.place_role_set(
                    actor=membership,
                    community=community,
                    membership_id=int(raw),
                    place_role=form.cleaned_data["place_role"],
                )
            except NotFound:
                raise Http404 from None
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("Role in the place saved."))
        else:
            messages.error(request, _("Choose resident, family member, staff or volunteer."))
        return redirect("sharedroles:people", community.slug)
    return render(
        request,
        "sharedroles/people.html",
        {
            "people": selectors.people_in_place(community=community),
            "choices": PlaceRoleForm.base_fields["place_role"].choices,
        },
    )


@community_view(COORDINATOR)
def settings_edit(request):
    community, membership = request.community, request.membership
    current = selectors.settings_get(community=community)
    form = SettingsForm(
        request.POST or None, initial={"credits_enabled": current.credits_enabled, "credit_staff": current.credit_staff}
    )
    if request.method == "POST" and form.is_valid():
        services.settings_update(actor=membership, community=community, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("sharedroles:settings", community.slug)
    return render(request, "sharedroles/settings.html", {"form": form})


@community_view()
def committees(request):
    community = request.community
    return render(
        request, "sharedroles/committees.html", {"committees": selectors.committees_list(community=community)}
    )


@community_view(COORDINATOR)
def committee_new(request):
    community, membership = request.community, request.membership
    form = CommitteeForm(request.POST or None, people=selectors.people_in_place(community=community))
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Committee created."))
            return redirect("sharedroles:committee", community.slug, committee.pk)
    return render(request, "sharedroles/committee_new.html", {"form": form})


def _can_run(membership, committee) -> bool:
    return membership.is_coordinator or committee.chair_id == membership.pk


@community_view()
def committee_detail(request, committee_id: int):
    community, membership = request.community, request.membership
    committee = _get(selectors.committee_get, community=community, committee_id=committee_id)
    members = list(selectors.committee_members(community=community, committee=committee))
    can_run = _can_run(membership, committee)
    member_form = chair_form = None
    if request.method == "POST":
        if not can_run:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "chair" and membership.is_coordinator:
                chair_form = ChairForm(request.POST, members=members, prefix="chair")
                if chair_form.is_valid():
                    services.committee_chair_set(
                        actor=membership, community=community, committee_id=committee.pk, **chair_form.cleaned_data
                    )
                    messages.success(request, _("Chair changed."))
                    return redirect("sharedroles:committee", community.slug, committee.pk)
            else:
                member_form = CommitteeMemberForm(
                    request.POST, people=selectors.people_in_place(community=community), prefix="member"
                )
                if member_form.is_valid():
                    services.committee_member_add(
                        actor=membership, community=community, committee_id=committee.pk, **member_form.cleaned_data
                    )
                    messages.success(request, _("Member added."))
                    return redirect("sharedroles:committee", community.slug, committee.pk)
        except DomainError as error:
            add_domain_error(chair_form or member_form, error)  # type: ignore[arg-type]
    member_ids = {m.membership_id for m in members}
    if can_run:
        member_form = member_form or CommitteeMemberForm(
            people=[p for p in selectors.people_in_place(community=community) if p.membership.pk not in member_ids],
            prefix="member",
        )
        if membership.is_coordinator:
            chair_form = chair_form or ChairForm(
                members=members, initial={"membership_id": committee.chair_id}, prefix="chair"
            )
    return render(
        request,
        "sharedroles/committee_detail.html",
        {
            "committee": committee,
            "members": members,
            "can_run": can_run,
            "member_form": member_form,
            "chair_form": chair_form,
            "decisions": selectors.committee_decisions(community=community, committee=committee),
            "meetings": selectors.committee_meetings(community=community, committee=committee)[:20],
        },
    )


@community_view()
def meeting_new(request, committee_id: int):
    community, membership = request.community, request.membership
    committee = _get(selectors.committee_get, community=community, committee_id=committee_id)
    if not _can_run(membership, committee):
        raise Http404
    members = list(selectors.committee_members(community=community, committee=committee))
    form = MeetingForm(request.POST or None, community=community, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.committee_meeting_record(
                actor=membership,
                community=community,
                committee_id=committee.pk,
                held_at=data["held_at"],
                duration_minutes=data["duration_minutes"],
                attendee_ids=data["attendee_ids"],
                notes=data["notes"],
                decisions=[DecisionInput(text, outcome) for text, outcome in form.decisions()],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("sharedroles:committee", community.slug, committee.pk)
    return render(request, "sharedroles/meeting_new.html", {"committee": committee, "form": form})
