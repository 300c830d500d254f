"""Insights pages. Each view reads the period and service, gets the stored figures for them (computed on
first request) and renders them; coordinators also see when they were computed and can refresh them."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.communities.access import COORDINATOR, community_view
from coproduce.core.errors import DomainError, NotFound
from coproduce.insights import exports, presenters, services
from coproduce.insights.forms import PeriodForm


def _figures(request):
    form = PeriodForm(request.GET or None, community=request.community)
    period, service, label = form.chosen()
    try:
        snapshot = services.snapshot_ensure(
            community=request.community, service=service, start=period.start, end=period.end
        )
    except NotFound:
        raise Http404 from None
    query = request.GET.urlencode()
    return {
        "form": form,
        "snapshot": snapshot,
        "payload": snapshot.payload,
        "period": period,
        "service": service,
        "period_label": label,
        "query": f"?{query}" if query else "",
    }


def _render(request, template: str, context: dict, section: str):
    context["section"] = section
    return render(request, template, context)


@community_view()
def overview(request):
    context = _figures(request)
    payload = context["payload"]
    context.update(
        radar=presenters.radar(payload),
        grid=presenters.grid(payload),
        principles=presenters.principle_sections(payload),
    )
    return _render(request, "insights/overview.html", context, "overview")


@community_view()
def principles(request):
    context = _figures(request)
    context.update(
        radar=presenters.radar(context["payload"]), principles=presenters.principle_sections(context["payload"])
    )
    return _render(request, "insights/principles.html", context, "principles")


@community_view()
def grid(request):
    context = _figures(request)
    payload = context["payload"]
    context.update(grid=presenters.grid(payload), ladder=presenters.ladder(payload), phases=presenters.phases(payload))
    return _render(request, "insights/grid.html", context, "grid")


@community_view()
def network(request):
    context = _figures(request)
    context.update(network=presenters.network(context["payload"]))
    return _render(request, "insights/network.html", context, "network")


@community_view(COORDINATOR)
def funder(request):
    context = _figures(request)
    context.update(funder=presenters.funder(context["payload"]))
    return _render(request, "insights/funder.html", context, "funder")


@community_view(COORDINATOR)
def funder_csv(request):
    context = _figures(request)
    response = HttpResponse(
        exports.funder_csv(context["payload"], community=request.community, period_label=context["period_label"]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(request.community, context["period"], "csv")}"'
    )
    return response


@community_view(COORDINATOR)
def funder_pdf(request):
    context = _figures(request)
    pdf = exports.funder_pdf(
        context["payload"],
        community=request.community,
        period_label=context["period_label"],
        service=context["service"],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(request.community, context["period"], "pdf")}"'
    )
    return response


@require_POST
@community_view(COORDINATOR)
def refresh(request):
    form = PeriodForm(request.POST, community=request.community)
    period, service, _label = form.chosen()
    try:
        services.snapshot_refresh(
            actor=request.membership, community=request.community, service=service, start=period.start, end=period.end
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The figures have been computed again."))
    target = request.POST.get("next", "")
    if not target.startswith(reverse("insights:overview", args=[request.community.slug])):
        target = reverse("insights:overview", args=[request.community.slug])
    return redirect(target)
