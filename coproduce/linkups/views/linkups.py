"""Pages about link-ups and the training and checks that come before them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.core.forms import add_domain_error
from coproduce.linkups import forms, selectors, services
from coproduce.linkups.access import is_staff
from coproduce.linkups.models import HouseholdMember, LinkUp
from coproduce.linkups.views.common import context_of, form_page, int_param, linkups_view, page_url


@linkups_view(staff=True)
def training(request):
    community, membership = context_of(request)
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
                return redirect(page_url("training", request))
    return render(
        request,
        "linkups/training.html",
        {
            "readiness": [readiness[h.pk] for h in households],
            "form": form,
            "kinds": selectors.required_check_kinds(community=community),
        },
    )


@linkups_view()
def linkups(request):
    community, membership = context_of(request)
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


@linkups_view(staff=True)
def linkup_create(request):
    community, membership = context_of(request)
    seeking_id, sharing_id = int_param(request, "seeking"), int_param(request, "sharing")
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
            return redirect(page_url("linkup", request, linkup.pk))
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
    community, membership = context_of(request)
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
    community, membership = context_of(request)
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
            return redirect(page_url("linkup", request, linkup.pk))
    return form_page(
        request,
        form,
        title=_("Record a check-in"),
        caption=str(linkup),
        button=_("Record the check-in"),
        back=page_url("linkup", request, linkup.pk),
        intro=_("The seeking family rates how far it has come on each goal, from 0 to 10."),
    )


def _linkup_change(request, linkup_id: int, form_class, service, *, title: str, button: str, done: str, warning=False):
    community, membership = context_of(request)
    linkup = selectors.linkup_get(community=community, linkup_id=linkup_id, viewer=membership)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=membership, community=community, linkup_id=linkup.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect(page_url("linkup", request, linkup.pk))
    return form_page(
        request,
        form,
        title=title,
        caption=str(linkup),
        button=button,
        warning=warning,
        back=page_url("linkup", request, linkup.pk),
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
