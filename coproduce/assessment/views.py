from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.assessment import charts, exports, selectors, services
from coproduce.assessment.domain import MIN_GROUP_SIZE, PRINCIPLES, Perspective
from coproduce.assessment.forms import (
    CommunityStatementForm,
    InviteForm,
    LinkForm,
    LinkStartForm,
    NextStepsForm,
    QuestionnaireForm,
    RoundOpenForm,
)
from coproduce.communities.access import COORDINATOR, community_view
from coproduce.communities.selectors import community_get
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error


def _round_or_404(request, round_id: int, *, coordinator: bool = False):
    try:
        return selectors.round_get(
            community=request.community, round_id=round_id, membership=None if coordinator else request.membership
        )
    except NotFound:
        raise Http404 from None


@community_view()
def rounds_list(request):
    rows = selectors.rounds_overview(community=request.community, membership=request.membership)
    services_with_rounds = sorted({row.round.service for row in rows}, key=lambda s: s.name)
    return render(request, "assessment/rounds_list.html", {"rows": rows, "services_with_rounds": services_with_rounds})


@community_view(COORDINATOR)
def round_open(request):
    community = request.community
    form = RoundOpenForm(request.POST or None, services=selectors.services_for_rounds(community=community))
    if request.method == "POST" and form.is_valid():
        try:
            assessment_round = services.round_open(actor=request.membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The round is open. Now invite people to answer."))
            return redirect("assessment:invite", slug=community.slug, round_id=assessment_round.pk)
    return render(request, "assessment/round_open.html", {"form": form})


@community_view(COORDINATOR)
def round_status(request, round_id: int):
    community = request.community
    assessment_round = _round_or_404(request, round_id, coordinator=True)
    return render(
        request,
        "assessment/round_status.html",
        {
            "round": assessment_round,
            "status": selectors.round_status(community=community, assessment_round=assessment_round),
            "links": selectors.round_links(community=community, assessment_round=assessment_round),
            "invitations": selectors.round_invitations(community=community, assessment_round=assessment_round),
            "min_group_size": MIN_GROUP_SIZE,
        },
    )


@community_view(COORDINATOR)
def round_invite(request, round_id: int):
    community = request.community
    assessment_round = _round_or_404(request, round_id, coordinator=True)
    candidates = selectors.members_to_invite(community=community, assessment_round=assessment_round)
    form = InviteForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.invitations_send(
                actor=request.membership,
                community=community,
                round_id=assessment_round.pk,
                membership_ids=[int(i) for i in form.cleaned_data["members"]],
                kinds=form.cleaned_data["kinds"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(n)s people invited.") % {"n": count})
            return redirect("assessment:round", slug=community.slug, round_id=assessment_round.pk)
    return render(
        request,
        "assessment/round_invite.html",
        {
            "round": assessment_round,
            "form": form,
            "link_form": LinkForm(initial={"anonymous": True}),
        },
    )


@community_view(COORDINATOR)
@require_POST
def round_link_create(request, round_id: int):
    community = request.community
    assessment_round = _round_or_404(request, round_id, coordinator=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.round_link_create(
                actor=request.membership, community=community, round_id=assessment_round.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Link created. Share it with people who have no account."))
            return redirect("assessment:round", slug=community.slug, round_id=assessment_round.pk)
    candidates = selectors.members_to_invite(community=community, assessment_round=assessment_round)
    return render(
        request,
        "assessment/round_invite.html",
        {
            "round": assessment_round,
            "form": InviteForm(candidates=candidates),
            "link_form": form,
        },
        status=400,
    )


@community_view(COORDINATOR)
@require_POST
def round_close(request, round_id: int):
    community = request.community
    try:
        services.round_close(actor=request.membership, community=community, round_id=round_id)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is closed."))
    return redirect("assessment:round", slug=community.slug, round_id=round_id)


def _questionnaire_page(request, *, assessment_round, response, perspective, save, template_context):
    language = translation.get_language()
    sections = selectors.questionnaire(
        assessment_round=assessment_round, perspective=perspective, response=response, language=language
    )
    submitted = response is not None and response.is_submitted
    form = QuestionnaireForm(request.POST or None, sections=sections)
    if request.method == "POST" and not submitted and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            save(answers=form.answers(), submit=submit, language=language)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if submit:
                messages.success(request, _("Thank you. Your answers have been sent."))
            else:
                messages.success(request, _("Your answers are saved. You can come back and finish them later."))
            return None
    return render(
        request,
        "assessment/questionnaire.html",
        {
            "round": assessment_round,
            "form": form,
            "submitted": submitted,
            "perspective": perspective,
            "perspective_label": Perspective(perspective).label,
            **template_context,
        },
        status=400 if form.errors else 200,
    )


@community_view()
def respond(request, round_id: int):
    community, membership = request.community, request.membership
    assessment_round = _round_or_404(request, round_id)
    response = selectors.response_of_member(
        community=community, assessment_round=assessment_round, membership=membership
    )
    if response is None and not assessment_round.is_open:
        messages.error(request, _("This round is closed and no longer takes answers."))
        return redirect("assessment:rounds", slug=community.slug)
    perspective = response.perspective if response else services.perspective_of(membership)

    def save(**kwargs):
        return services.response_save(actor=membership, community=community, round_id=assessment_round.pk, **kwargs)

    page = _questionnaire_page(
        request,
        assessment_round=assessment_round,
        response=response,
        perspective=perspective,
        save=save,
        template_context={},
    )
    return page or redirect("assessment:respond", slug=community.slug, round_id=assessment_round.pk)


def _public_community(request, slug: str):
    try:
        community = community_get(slug=slug)
    except NotFound:
        raise Http404 from None
    request.community = community
    return community


def link_start(request, slug: str, token: str):
    community = _public_community(request, slug)
    try:
        link = selectors.link_by_token(community=community, token=token)
    except NotFound:
        raise Http404 from None
    form = LinkStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.link_response_start(
                community=community, token=token, name=form.cleaned_data["name"], language=translation.get_language()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("assessment:link_respond", slug=community.slug, token=response.resume_token)
    return render(request, "assessment/link_start.html", {"link": link, "round": link.round, "form": form})


def link_respond(request, slug: str, token: str):
    community = _public_community(request, slug)
    try:
        response = selectors.response_by_resume_token(community=community, token=token)
    except NotFound:
        raise Http404 from None

    def save(**kwargs):
        return services.link_response_save(community=community, resume_token=token, **kwargs)

    page = _questionnaire_page(
        request,
        assessment_round=response.round,
        response=response,
        perspective=response.perspective,
        save=save,
        template_context={"resume_url": request.build_absolute_uri()},
    )
    return page or redirect("assessment:link_respond", slug=community.slug, token=token)


def _radar_series(results) -> dict[str, dict[str, int | None]]:
    return {
        p: {r.principle: r.scores[p].score for r in results.principles}
        for p in (Perspective.PROFESSIONAL, Perspective.USER)
        if not results.perspective_hidden(p)
    }


@community_view()
def results(request, round_id: int):
    community, membership = request.community, request.membership
    assessment_round = _round_or_404(request, round_id, coordinator=membership.is_coordinator)
    if not selectors.round_results_visible_to(assessment_round=assessment_round, membership=membership):
        raise Http404
    data = selectors.round_results(community=community, assessment_round=assessment_round)
    return render(
        request,
        "assessment/results.html",
        {
            "round": assessment_round,
            "results": data,
            "radar": charts.radar_svg(_radar_series(data)),
            "legend": charts.legend_html(),
            "min_group_size": MIN_GROUP_SIZE,
            "perspectives": [
                (p, p.label, data.respondents[p], data.perspective_hidden(p))
                for p in (Perspective.PROFESSIONAL, Perspective.USER)
            ],
        },
    )


@community_view(COORDINATOR)
def results_pdf(request, round_id: int):
    community = request.community
    assessment_round = _round_or_404(request, round_id, coordinator=True)
    data = selectors.round_results(community=community, assessment_round=assessment_round)
    from coproduce.assessment.report import report_pdf

    body = report_pdf(data, community_name=community.name)
    response = HttpResponse(body, content_type="application/pdf")
    filename = slugify(f"{assessment_round.service.name}-{assessment_round.title}") or "assessment"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@community_view(COORDINATOR)
def answers_csv(request, round_id: int):
    community = request.community
    assessment_round = _round_or_404(request, round_id, coordinator=True)
    rows = selectors.anonymised_answers(community=community, assessment_round=assessment_round)
    response = HttpResponse(exports.answers_csv(rows), content_type="text/csv; charset=utf-8")
    filename = slugify(f"{assessment_round.service.name}-{assessment_round.title}") or "assessment"
    response["Content-Disposition"] = f'attachment; filename="{filename}-answers.csv"'
    return response


@community_view(COORDINATOR)
def trend(request, service_id: int):
    community = request.community
    try:
        service = selectors.service_get(community=community, service_id=service_id)
    except NotFound:
        raise Http404 from None
    points = selectors.service_trend(community=community, service=service)
    labels = [p.round.period_end.strftime("%b %Y") for p in points]
    principle_rows = []
    for principle in PRINCIPLES:
        series: dict[str, list[int | None]] = {
            q: [None if p.scores[principle][q].hidden else p.scores[principle][q].score for p in points]
            for q in (Perspective.PROFESSIONAL, Perspective.USER)
        }
        label = charts.SHORT_LABELS[principle]
        principle_rows.append(
            {
                "principle": principle,
                "label": label,
                "cells": [(p, p.scores[principle]) for p in points],
                "chart": charts.line_svg(
                    labels,
                    series,
                    chart_id=f"trend-{principle.lower()}",
                    title=_("%(principle)s across rounds") % {"principle": label},
                ),
            }
        )
    return render(
        request,
        "assessment/trend.html",
        {
            "service": service,
            "points": points,
            "principle_rows": principle_rows,
            "legend": charts.legend_html(),
        },
    )


@community_view(COORDINATOR)
def next_steps(request):
    community = request.community
    table = selectors.next_steps_table(community=community)
    form = NextStepsForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.next_steps_update(actor=request.membership, community=community, texts=form.texts())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Next steps saved."))
            return redirect("assessment:next_steps", slug=community.slug)
    return render(request, "assessment/next_steps.html", {"form": form})


@community_view(COORDINATOR)
def statements(request):
    community = request.community
    form = CommunityStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_statement_create(actor=request.membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Statement added. It will be asked in rounds you open from now on."))
            return redirect("assessment:statements", slug=community.slug)
    return render(
        request,
        "assessment/statements.html",
        {
            "form": form,
            "statements": selectors.community_statements(community=community),
            "instrument": selectors.instrument_current(),
        },
    )


@community_view(COORDINATOR)
@require_POST
def statement_retire(request, statement_id: int):
    community = request.community
    try:
        services.community_statement_retire(actor=request.membership, community=community, statement_id=statement_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The statement will not be asked in new rounds."))
    return redirect("assessment:statements", slug=community.slug)
