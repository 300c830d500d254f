"""Pages about households: registering a family, its people, experiences, role, goals and progress, and
suggested pairings."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.core.errors import DomainError
from coproduce.core.forms import add_domain_error
from coproduce.linkups import forms, selectors, services
from coproduce.linkups.access import is_staff
from coproduce.linkups.chart import progress_chart
from coproduce.linkups.models import HouseholdRole, LinkUp
from coproduce.linkups.views.common import context_of, form_page, linkups_view, next_or, page_url


@linkups_view()
def home(request):
    community, membership = context_of(request)
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
    community, membership = context_of(request)
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
            return redirect(page_url("household", request, household.pk))
    return render(request, "linkups/household_form.html", {"form": form, "household": None})


@linkups_view(staff=True)
def household_edit(request, household_id: int):
    community, membership = context_of(request)
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
            return redirect(page_url("household", request, household.pk))
    return render(request, "linkups/household_form.html", {"form": form, "household": household})


@linkups_view()
def household_detail(request, household_id: int):
    community, membership = context_of(request)
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
    community, membership = context_of(request)
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
            return redirect(page_url("household", request, household.pk))
    return form_page(
        request,
        form,
        title=_("Add an adult or a child"),
        caption=household.name,
        button=_("Add"),
        back=page_url("household", request, household.pk),
    )


@require_POST
@linkups_view(staff=True)
def household_person_remove(request, household_id: int, person_id: int):
    community, membership = context_of(request)
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
    return redirect(page_url("household", request, household.pk))


@linkups_view(staff=True)
def household_experience_add(request, household_id: int):
    community, membership = context_of(request)
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
            return redirect(page_url("household", request, household.pk))
    return form_page(
        request,
        form,
        title=_("Add an experience or strength"),
        caption=household.name,
        button=_("Add"),
        back=page_url("household", request, household.pk),
        intro=_(
            "What the family has been through, or is good at, in its own words. Suggestions match "
            "these with seeking families' goals."
        ),
    )


@require_POST
@linkups_view(staff=True)
def household_experience_remove(request, household_id: int, experience_id: int):
    community, membership = context_of(request)
    household = selectors.household_get(community=community, household_id=household_id, viewer=membership)
    if not selectors.household_experiences(community=community, household=household).filter(pk=experience_id).exists():
        raise Http404
    services.household_experience_remove(actor=membership, community=community, experience_id=experience_id)
    messages.success(request, _("Experience removed."))
    return redirect(page_url("household", request, household.pk))


@linkups_view(staff=True)
def household_role(request, household_id: int):
    community, membership = context_of(request)
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
            return redirect(page_url("household", request, household.pk))
    return form_page(
        request,
        form,
        title=_("Change how the family takes part"),
        caption=household.name,
        button=_("Save"),
        back=page_url("household", request, household.pk),
        intro=_("A family that sought support can later become a sharing family. Earlier roles are kept."),
    )


@linkups_view()
def household_progress(request, household_id: int):
    community, membership = context_of(request)
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
    community, membership = context_of(request)
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
            return redirect(next_or(request, page_url("progress", request, household.pk)))
    return form_page(
        request,
        form,
        title=_("Write a goal"),
        caption=household.name,
        button=_("Save the goal"),
        back=next_or(request, page_url("progress", request, household.pk)),
        intro=_("The family writes what it wants to change, in its own words."),
    )


@require_POST
@linkups_view()
def goal_action(request, goal_id: int, action: str):
    community, membership = context_of(request)
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
    return redirect(next_or(request, page_url("progress", request, goal.household_id)))


@linkups_view(staff=True)
def household_suggestions(request, household_id: int):
    community, membership = context_of(request)
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
