"""Pages of the family link-ups programme. Thin: parse, call one service or selector, render.

Household details are for the programme's staff and the family itself; anyone else gets the same 404 as for a page
that does not exist.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.communities.access import community_view
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error
from coproduce.linkups import forms, selectors, services
from coproduce.linkups.access import is_staff
from coproduce.linkups.chart import progress_chart
from coproduce.linkups.models import HouseholdMember, HouseholdRole, LinkUp


def linkups_view(*, staff: bool = False) -> Callable:
    """A community page of the programme; `staff` pages are for coordinators and coaches only."""

    def decorator(view: Callable) -> Callable:
        @community_view()
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if staff and not is_staff(request.membership):  # type: ignore[attr-defined]
                raise Http404
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None

        return wrapper

    return decorator


def _ctx(request: HttpRequest) -> tuple:
    return request.community, request.membership  # type: ignore[attr-defined]


def _url(name: str, request: HttpRequest, *args) -> str:
    return reverse(f"linkups:{name}", args=[request.community.slug, *args])  # type: ignore[attr-defined]


def _form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    caption: str,
    button: str,
    back: str,
    intro: str = "",
    warning: bool = False,
) -> HttpResponse:
    return render(
        request,
        "linkups/simple_form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "button": button,
            "back": back,
            "intro": intro,
            "warning": warning,
        },
    )


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# Households -----------------------------------------------------------------------------------------------------


@linkups_view()
def home(request):
    community, membership = _ctx(request)
    role, query = request.GET.get("role", ""), request.GET.get("q", "").strip()[:100]
    households = list(selectors.households_list(community=community, viewer=membership, role=role, query=query))
    readiness = {}
    if is_staff(membership):
        readiness = selectors.households_readiness(
            community=community, households=[h for h in households if h.is_sharing]
        )
    rows = [(h, readiness.get(h.pk)) for h in households]
    return render(
        request,
        "linkups/households.html",
        {
            "rows": rows,
            "role": role,
            "query": query,
            "is_staff": is_staff(membership),
            "role_filters": [
                ("", _("All")),
                ("seeking", _("Seeking support")),
                ("sharing", _("Sharing")),
                (HouseholdRole.PAUSED, _("Not taking part at the moment")),
            ],
        },
    )


@linkups_view(staff=True)
def household_create(request):
    community, membership = _ctx(request)
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is registered. Now add the people in the family.") % {"name": household.name}
            )
            return redirect(_url("household", request, household.pk))
    return render(request, "linkups/household_form.html", {"form": form, "household": None})


@linkups_view(staff=True)
def household_edit(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    initial = {
        "name": household.name,
        "languages": ", ".join(household.languages),
        "neighbourhood": household.neighbourhood,
        "latitude": household.latitude,
        "longitude": household.longitude,
        "availability": household.availability,
        "sharing_capacity": household.sharing_capacity,
        "about": household.about,
    }
    form = forms.HouseholdForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(
                actor=membership, community=community, household_id=household.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The family's details are saved."))
            return redirect(_url("household", request, household.pk))
    return render(request, "linkups/household_form.html", {"form": form, "household": household})


@linkups_view()
def household_detail(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    staff, today = is_staff(membership), timezone.localdate()
    return render(
        request,
        "linkups/household_detail.html",
        {
            "household": household,
            "is_staff": staff,
            "people": [
                (p, p.age_on(today)) for p in selectors.household_people(community=community, household=household)
            ],
            "experiences": selectors.household_experiences(community=community, household=household),
            "history": selectors.household_role_history(community=community, household=household),
            "readiness": selectors.household_readiness(community=community, household=household)
            if household.is_sharing
            else None,
            "linkups": selectors.linkups_list(community=community, viewer=membership, household=household),
            "goals": selectors.goals_of_household(community=community, household=household),
        },
    )


@linkups_view(staff=True)
def household_person_add(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    form = forms.PersonForm(request.POST or None, members=selectors.memberships_without_household(community=community))
    if request.method == "POST" and form.is_valid():
        try:
            services.household_person_add(
                actor=membership, community=community, household_id=household.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Added to %(name)s.") % {"name": household.name})
            return redirect(_url("household", request, household.pk))
    return _form_page(
        request,
        form,
        title=_("Add an adult or a child"),
        caption=household.name,
        button=_("Add"),
        back=_url("household", request, household.pk),
    )


@require_POST
@linkups_view(staff=True)
def household_person_remove(request, household_id: int, person_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    person = selectors.household_member_get(community=community, person_id=person_id)
    if person.household_id != household.pk:
        raise Http404
    try:
        services.household_person_remove(actor=membership, community=community, person_id=person.pk)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s was removed from the household.") % {"name": person.name})
    return redirect(_url("household", request, household.pk))


@linkups_view(staff=True)
def household_experience_add(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    form = forms.ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_experience_add(
                actor=membership, community=community, household_id=household.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Experience added."))
            return redirect(_url("household", request, household.pk))
    return _form_page(
        request,
        form,
        title=_("Add an experience or strength"),
        caption=household.name,
        button=_("Add"),
        back=_url("household", request, household.pk),
        intro=_(
            "What the family has been through, or is good at, in its own words. Suggestions match "
            "these with seeking families' goals."
        ),
    )


@require_POST
@linkups_view(staff=True)
def household_experience_remove(request, household_id: int, experience_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    if not selectors.household_experiences(community=community, household=household).filter(pk=experience_id).exists():
        raise Http404
    services.household_experience_remove(actor=membership, community=community, experience_id=experience_id)
    messages.success(request, _("Experience removed."))
    return redirect(_url("household", request, household.pk))


@linkups_view(staff=True)
def household_role(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    form = forms.RoleForm(request.POST or None, initial={"role": household.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.household_set_role(
                actor=membership, community=community, household_id=household.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The family's role is updated; the earlier role stays in its history."))
            return redirect(_url("household", request, household.pk))
    return _form_page(
        request,
        form,
        title=_("Change how the family takes part"),
        caption=household.name,
        button=_("Save"),
        back=_url("household", request, household.pk),
        intro=_("A family that sought support can later become a sharing family. Earlier roles are kept."),
    )


@linkups_view()
def household_progress(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    progress = selectors.household_progress(community=community, household=household)
    chart = progress_chart([(_("Goal %(number)s") % {"number": i + 1}, p.points) for i, p in enumerate(progress)])
    return render(
        request,
        "linkups/progress.html",
        {
            "household": household,
            "progress": list(zip(progress, chart.lines, strict=True)),
            "chart": chart,
            "can_edit": selectors.can_write_goals(community=community, household=household, viewer=membership),
        },
    )


@linkups_view()
def household_goals_new(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    form = forms.GoalForm(request.POST or None)
    if not is_staff(membership):
        form.fields.pop("minutes")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goals_set(
                actor=membership,
                community=community,
                household_id=household.pk,
                goals=[services.GoalInput(data["text"], tuple(data["themes"]))],
                minutes=data.get("minutes") or 0,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The goal is saved."))
            return redirect(_next_or(request, _url("progress", request, household.pk)))
    return _form_page(
        request,
        form,
        title=_("Write a goal"),
        caption=household.name,
        button=_("Save the goal"),
        back=_next_or(request, _url("progress", request, household.pk)),
        intro=_("The family writes what it wants to change, in its own words."),
    )


@require_POST
@linkups_view()
def goal_action(request, goal_id: int, action: str):
    community, membership = _ctx(request)
    goal = selectors.goal_get(community=community, goal_id=goal_id, viewer=membership)
    actions = {"met": services.goal_mark_met, "set-aside": services.goal_set_aside, "reopen": services.goal_reopen}
    if action not in actions:
        raise Http404
    try:
        actions[action](actor=membership, community=community, goal_id=goal.pk)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            {
                "met": _("Well done: the goal is marked as met."),
                "set-aside": _("The goal is set aside."),
                "reopen": _("The goal is open again."),
            }[action],
        )
    return redirect(_next_or(request, _url("progress", request, goal.household_id)))


@linkups_view(staff=True)
def household_suggestions(request, household_id: int):
    community, membership = _ctx(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    suggestions = selectors.pairing_suggestions(community=community, seeking=household, viewer=membership)
    active = selectors.linkups_list(
        community=community, viewer=membership, household=household, status=LinkUp.Status.ACTIVE
    )
    return render(
        request,
        "linkups/suggestions.html",
        {
            "household": household,
            "suggestions": suggestions,
            "active": [lu for lu in active if lu.seeking_id == household.pk],
            "goals": selectors.goals_of_household(community=community, household=household).filter(status="open"),
        },
    )


# Training and checks ----------------------------------------------------------------------------------------------


@linkups_view(staff=True)
def training(request):
    community, membership = _ctx(request)
    households = list(selectors.households_list(community=community, viewer=membership, role="sharing"))
    readiness = selectors.households_readiness(community=community, households=households)
    adults = [a.person for r in readiness.values() for a in r.adults if a.person.membership_id]
    form = None
    if membership.is_coordinator:
        form = forms.CheckForm(request.POST or None, adults=adults, initial={"person_id": request.GET.get("person")})
        if request.method == "POST" and form.is_valid():
            try:
                services.household_check_record(actor=membership, community=community, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The check is recorded."))
                return redirect(_url("training", request))
    return render(
        request,
        "linkups/training.html",
        {
            "readiness": [readiness[h.pk] for h in households],
            "form": form,
            "kinds": selectors.required_check_kinds(community=community),
        },
    )


# Link-ups -----------------------------------------------------------------------------------------------------------


@linkups_view()
def linkups(request):
    community, membership = _ctx(request)
    status = request.GET.get("status", "")
    status = status if status in LinkUp.Status.values else ""
    return render(
        request,
        "linkups/linkups.html",
        {
            "linkups": selectors.linkups_list(community=community, viewer=membership, status=status),
            "status": status,
            "statuses": [("", _("All")), *LinkUp.Status.choices],
            "is_staff": is_staff(membership),
        },
    )


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or request.POST.get(name) or ""
    return int(value) if value.isdigit() else None


@linkups_view(staff=True)
def linkup_create(request):
    community, membership = _ctx(request)
    seeking_id, sharing_id = _int_param(request, "seeking"), _int_param(request, "sharing")
    if seeking_id is None or sharing_id is None:
        return render(
            request,
            "linkups/linkup_choose.html",
            {
                "seeking_options": selectors.households_list(community=community, viewer=membership, role="seeking"),
                "sharing_options": selectors.households_list(community=community, viewer=membership, role="sharing"),
                "seeking_id": seeking_id,
            },
        )
    seeking = selectors.household_get(community=community, household_id=seeking_id, viewer=membership)
    sharing = selectors.household_get(community=community, household_id=sharing_id, viewer=membership)
    suggestion = next(
        (
            s
            for s in selectors.pairing_suggestions(community=community, seeking=seeking, viewer=membership, limit=1000)
            if s.household.pk == sharing.pk
        ),
        None,
    )
    adults = {
        h.pk: list(selectors.household_people(community=community, household=h).filter(kind=HouseholdMember.Kind.ADULT))
        for h in (seeking, sharing)
    }
    form = forms.LinkUpForm(
        request.POST or None,
        coaches=selectors.coaches_list(community=community),
        seeking_adults=adults[seeking.pk],
        sharing_adults=adults[sharing.pk],
        suggested_coach=suggestion.coach if suggestion else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            linkup = services.linkup_create(
                actor=membership,
                community=community,
                seeking_id=seeking.pk,
                sharing_id=sharing.pk,
                coach_id=data["coach_id"],
                planned_weeks=data["planned_weeks"],
                starts_on=data["starts_on"],
                seeking_consent=services.ConsentInput(data["seeking_consent"], data["seeking_consent_on"]),
                sharing_consent=services.ConsentInput(data["sharing_consent"], data["sharing_consent_on"]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The families are linked up."))
            return redirect(_url("linkup", request, linkup.pk))
    return render(
        request,
        "linkups/linkup_form.html",
        {
            "form": form,
            "seeking": seeking,
            "sharing": sharing,
            "suggestion": suggestion,
            "readiness": selectors.household_readiness(community=community, household=sharing),
        },
    )


@linkups_view()
def linkup_detail(request, linkup_id: int):
    community, membership = _ctx(request)
    linkup = selectors.linkup_get(community=community, linkup_id=linkup_id, viewer=membership)
    goals = list(selectors.goals_of_linkup(community=community, linkup=linkup))
    checkins = list(selectors.checkins_of_linkup(community=community, linkup=linkup))
    latest: dict[int, int] = {}
    for checkin in checkins:
        for rating in checkin.ratings.all():
            latest[rating.goal_id] = rating.score
    mine = selectors.viewer_household_ids(community=community, viewer=membership)
    return render(
        request,
        "linkups/linkup_detail.html",
        {
            "linkup": linkup,
            "goals": [(g, latest.get(g.pk)) for g in goals],
            "checkins": checkins,
            "consents": selectors.linkup_consents(community=community, linkup=linkup),
            "is_staff": is_staff(membership),
            "can_record": is_staff(membership) or bool({linkup.seeking_id, linkup.sharing_id} & mine),
            "is_seeking_family": linkup.seeking_id in mine or is_staff(membership),
        },
    )


@linkups_view()
def checkin_new(request, linkup_id: int):
    community, membership = _ctx(request)
    linkup = selectors.linkup_get(community=community, linkup_id=linkup_id, viewer=membership)
    goals = selectors.goals_of_linkup(community=community, linkup=linkup).filter(status="open")
    form = forms.CheckInForm(request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_record(
                actor=membership,
                community=community,
                linkup_id=linkup.pk,
                occurred_at=data["occurred_at"],
                minutes=data["minutes"],
                coach_minutes=data["coach_minutes"],
                notes=data["notes"],
                ratings=form.ratings(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The check-in is recorded."))
            return redirect(_url("linkup", request, linkup.pk))
    return _form_page(
        request,
        form,
        title=_("Record a check-in"),
        caption=str(linkup),
        button=_("Record the check-in"),
        back=_url("linkup", request, linkup.pk),
        intro=_("The seeking family rates how far it has come on each goal, from 0 to 10."),
    )


def _linkup_change(request, linkup_id: int, form_class, service, *, title: str, button: str, done: str, warning=False):
    community, membership = _ctx(request)
    linkup = selectors.linkup_get(community=community, linkup_id=linkup_id, viewer=membership)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=membership, community=community, linkup_id=linkup.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect(_url("linkup", request, linkup.pk))
    return _form_page(
        request,
        form,
        title=title,
        caption=str(linkup),
        button=button,
        warning=warning,
        back=_url("linkup", request, linkup.pk),
    )


@linkups_view(staff=True)
def linkup_extend(request, linkup_id: int):
    return _linkup_change(
        request,
        linkup_id,
        forms.ExtendForm,
        services.linkup_extend,
        title=_("Extend the link-up"),
        button=_("Extend"),
        done=_("The link-up is extended."),
    )


@linkups_view(staff=True)
def linkup_complete(request, linkup_id: int):
    return _linkup_change(
        request,
        linkup_id,
        forms.CompleteForm,
        services.linkup_complete,
        title=_("Mark the link-up as completed"),
        button=_("Mark as completed"),
        done=_("The link-up is completed."),
    )


@linkups_view(staff=True)
def linkup_end(request, linkup_id: int):
    return _linkup_change(
        request,
        linkup_id,
        forms.EndEarlyForm,
        services.linkup_end_early,
        title=_("End the link-up early"),
        button=_("End the link-up"),
        done=_("The link-up has ended."),
        warning=True,
    )


# Programme ---------------------------------------------------------------------------------------------------------


@linkups_view(staff=True)
def programme(request):
    community, _membership = _ctx(request)
    return render(
        request,
        "linkups/programme.html",
        {
            "summary": selectors.programme_summary(community=community),
            "settings": selectors.programme_settings_get(community=community),
        },
    )


@linkups_view(staff=True)
def programme_settings(request):
    community, membership = _ctx(request)
    if not membership.is_coordinator:
        raise Http404
    current = selectors.programme_settings_get(community=community)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "coach_sharing_capacity": current.coach_sharing_capacity,
            "coach_seeking_capacity": current.coach_seeking_capacity,
            "max_distance_km": current.max_distance_km,
            "require_reference": current.require_reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_settings_update(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The programme settings are saved."))
            return redirect(_url("programme", request))
    return _form_page(
        request,
        form,
        title=_("Programme settings"),
        caption=_("Family link-ups"),
        button=_("Save"),
        back=_url("programme", request),
    )
