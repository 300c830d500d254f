"""Pages for services and the activities recorded in them."""

import zoneinfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.communities.access import COORDINATOR, community_view
from coproduce.communities.selectors import members_for_choice
from coproduce.coproduction import selectors, services
from coproduce.coproduction.forms import (
    CONTRIBUTION_ROWS,
    ActivityForm,
    ContributionFormSet,
    ServiceEditForm,
    ServiceForm,
)
from coproduce.coproduction.services import ContributionInput
from coproduce.core.errors import DomainError
from coproduce.core.forms import add_domain_error

PAGE_SIZE = 50


@community_view()
def services_list(request):
    return render(request, "coproduction/services.html",
                  {"services": selectors.services_with_counts(community=request.community)})


@community_view(COORDINATOR)
def service_new(request):
    community, membership = request.community, request.membership
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The service “%(name)s” has been created.") % {"name": service.name})
            return redirect("coproduction:service_detail", slug=community.slug, service_id=service.pk)
    return render(request, "coproduction/service_form.html", {"form": form, "service": None})


@community_view(COORDINATOR)
def service_edit(request, service_id: int):
    community, membership = request.community, request.membership
    service = selectors.service_get(community=community, service_id=service_id)
    initial = {"name": service.name, "description": service.description, "is_active": service.is_active}
    form = ServiceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(actor=membership, community=community, service_id=service.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The service has been saved."))
            return redirect("coproduction:service_detail", slug=community.slug, service_id=service.pk)
    return render(request, "coproduction/service_form.html", {"form": form, "service": service})


@community_view()
def service_detail(request, service_id: int):
    community = request.community
    service = selectors.service_get(community=community, service_id=service_id)
    activities = selectors.activities_list(community=community, service=service)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coproduction/service_detail.html",
                  {"service": service, "page": page, "phase_minutes": selectors.service_phase_minutes(community=community, service=service)})


@community_view()
def activities_list(request):
    activities = selectors.activities_list(community=request.community)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coproduction/activities.html", {"page": page})


@community_view()
def activity_detail(request, activity_id: int):
    community = request.community
    activity = selectors.activity_get(community=community, activity_id=activity_id)
    contributions = selectors.contributions_of_activity(community=community, activity=activity)
    return render(request, "coproduction/activity_detail.html", {"activity": activity, "contributions": contributions})


def _rows_with_one_more(post) -> list[dict]:
    """The contribution rows typed so far, plus an empty one: "add another person" without JavaScript."""
    try:
        count = min(int(post.get("contributions-TOTAL_FORMS", CONTRIBUTION_ROWS)), 99)
    except ValueError:
        count = CONTRIBUTION_ROWS
    rows = [
        {key: post.get(f"contributions-{i}-{key}", "") for key in ("membership", "role", "minutes")}
        for i in range(max(count, 0))
    ]
    return [*rows, {}]


@community_view(COORDINATOR)
def activity_new(request, service_id: int):
    community, membership = request.community, request.membership
    service = selectors.service_get(community=community, service_id=service_id)
    members = members_for_choice(community=community)
    tz = zoneinfo.ZoneInfo(community.timezone)
    if request.method == "POST" and "add_person" in request.POST:
        form = ActivityForm(initial={name: request.POST.get(name, "") for name in ActivityForm.base_fields})
        formset = ContributionFormSet(initial=_rows_with_one_more(request.POST), prefix="contributions",
                                      form_kwargs={"members": members})
    elif request.method == "POST":
        form = ActivityForm(request.POST)
        formset = ContributionFormSet(request.POST, prefix="contributions", form_kwargs={"members": members})
        if form.is_valid() and formset.is_valid():
            contributions = [
                ContributionInput(row.cleaned_data["membership"], row.cleaned_data["role"], row.cleaned_data["minutes"])
                for row in formset.forms if not row.is_blank
            ]
            try:
                activity = services.activity_record(
                    actor=membership, community=community, service=service, kind=form.cleaned_data["kind"],
                    phase=form.cleaned_data["phase"], title=form.cleaned_data["title"],
                    occurred_at=form.occurred_at(tz), ladder_step=form.cleaned_data["ladder_step"],
                    location=form.cleaned_data["location"], notes=form.cleaned_data["notes"],
                    contributions=contributions,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The activity has been recorded."))
                return redirect("coproduction:activity_detail", slug=community.slug, activity_id=activity.pk)
    else:
        form = ActivityForm(initial={"date": timezone.localdate(timezone=tz)})
        formset = ContributionFormSet(initial=[{}] * CONTRIBUTION_ROWS, prefix="contributions",
                                      form_kwargs={"members": members})
    return render(request, "coproduction/activity_form.html", {"form": form, "formset": formset, "service": service})
