from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coproduce.communities.access import ADMIN, COORDINATOR, community_view
from coproduce.communities.selectors import membership_get, organisations_list
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error
from coproduce.panels import selectors, services
from coproduce.panels.forms import (
    HearingForm,
    HearingRecordForm,
    IntakeForm,
    PersonForm,
    ProgressForm,
    ReasonForm,
    ReferralForm,
    ReinstateForm,
    ReReferralForm,
    ScheduleForm,
    SentenceForm,
    SettingsForm,
)
from coproduce.panels.models import TRANSITIONS, CaseAccess, CaseStatus
from coproduce.panels.services import SanctionInput

PAGE = CaseAccess.Channel.PAGE


def _get(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404 from None


def _open_case(request, case_id: int, what: str):
    return _get(
        services.case_open,
        actor=request.membership,
        community=request.community,
        case_id=case_id,
        channel=PAGE,
        what=what,
    )


@community_view()
def index(request):
    """Coordinators see the court's work; everyone else sees their own service and path through the court."""
    community, membership = request.community, request.membership
    context = {
        "my_hearings": selectors.hearings_for_member(community=community, membership=membership),
        "history": selectors.person_history(community=community, membership=membership),
        "my_sanctions": selectors.my_sanctions(community=community, membership=membership),
    }
    if membership.is_coordinator:
        counts = selectors.case_counts(community=community)
        context.update(
            {
                "stages": [(value, label, counts[value]) for value, label in CaseStatus.choices],
                "overdue": selectors.overdue_queue(community=community),
                "checks_due": selectors.rereferral_checks_due(community=community),
                "upcoming": selectors.hearings_list(community=community, upcoming=True)[:10],
                "outcomes": selectors.outcomes(community=community),
                "progression": selectors.progression(community=community),
            }
        )
    return render(request, "panels/index.html", context)


@community_view(COORDINATOR)
def cases(request):
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    found = services.cases_open(actor=request.membership, community=request.community, channel=PAGE, status=status)
    return render(
        request, "panels/cases.html", {"cases": found[:200], "status": status, "statuses": CaseStatus.choices}
    )


@community_view(COORDINATOR)
def referral_new(request):
    community, membership = request.community, request.membership
    form = ReferralForm(request.POST or None, organisations=organisations_list(community=community))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.referral_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Referral %(ref)s recorded.") % {"ref": case.reference})
            return redirect("panels:case", community.slug, case.pk)
    return render(request, "panels/referral_new.html", {"form": form})


@community_view(COORDINATOR)
def case_detail(request, case_id: int):
    community = request.community
    case = _open_case(request, case_id, "case page")
    sentence = selectors.sentence_of(community=community, case=case)
    return render(
        request,
        "panels/case_detail.html",
        {
            "case": case,
            "next_statuses": sorted(TRANSITIONS[case.status]),
            "events": selectors.case_events(community=community, case=case),
            "sentence": sentence,
            "sanctions": selectors.sanctions_of(community=community, sentence=sentence) if sentence else [],
            "checks": selectors.rereferral_checks_of(community=community, case=case),
            "progress_form": ProgressForm(),
            "rereferral_form": ReReferralForm(),
        },
    )


@community_view(COORDINATOR)
def case_intake(request, case_id: int):
    community, membership = request.community, request.membership
    case = _open_case(request, case_id, "case intake")
    form = IntakeForm(
        request.POST or None,
        people=selectors.respondent_candidates(community=community),
        initial={
            "guardian_name": case.guardian_name,
            "panel_question": case.panel_question,
            "consent_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_intake(actor=membership, community=community, case_id=case.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Consent recorded; the case is at intake."))
            return redirect("panels:case", community.slug, case.pk)
    return render(
        request,
        "panels/case_form.html",
        {"case": case, "form": form, "title": _("Intake"), "button": _("Record consent and start intake")},
    )


# Each simple move of a case: (form, service, page title, button, success message).
ACTIONS: dict[str, tuple[type[ReasonForm], Callable[..., Any], Any, Any, Any]] = {
    "return": (
        ReasonForm,
        services.case_return,
        gettext_lazy("Return to the referrer"),
        gettext_lazy("Return the case"),
        gettext_lazy("The case has been returned; the referrer is told."),
    ),
    "postpone": (
        ReasonForm,
        services.case_postpone,
        gettext_lazy("Take off the hearing"),
        gettext_lazy("Take the case off its hearing"),
        gettext_lazy("The case is back at intake."),
    ),
    "non-compliant": (
        ReasonForm,
        services.case_mark_non_compliant,
        gettext_lazy("Mark as not complying"),
        gettext_lazy("Mark as not complying"),
        gettext_lazy("The case is marked as not complying."),
    ),
    "reinstate": (
        ReinstateForm,
        services.case_reinstate,
        gettext_lazy("Give another chance"),
        gettext_lazy("Reinstate the sentence"),
        gettext_lazy("The sentence is active again."),
    ),
}


@community_view(COORDINATOR)
def case_action(request, case_id: int, action: str):
    community, membership = request.community, request.membership
    if action not in ACTIONS:
        raise Http404
    form_class, service, title, button, done = ACTIONS[action]
    case = _open_case(request, case_id, f"case {action}")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=membership, community=community, case_id=case.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, str(done))
            return redirect("panels:case", community.slug, case.pk)
    return render(request, "panels/case_form.html", {"case": case, "form": form, "title": title, "button": button})


@community_view(COORDINATOR)
def case_schedule(request, case_id: int):
    community, membership = request.community, request.membership
    case = _open_case(request, case_id, "case schedule")
    form = ScheduleForm(request.POST or None, hearings=selectors.hearings_list(community=community, upcoming=True))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_schedule(actor=membership, community=community, case_id=case.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The case is scheduled."))
            return redirect("panels:case", community.slug, case.pk)
    return render(
        request,
        "panels/case_form.html",
        {"case": case, "form": form, "title": _("Schedule a hearing"), "button": _("Schedule")},
    )


@community_view(COORDINATOR)
def case_sentence(request, case_id: int):
    community, membership = request.community, request.membership
    case = _open_case(request, case_id, "case sentence")
    form = SentenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sentence_set(
                actor=membership,
                community=community,
                case_id=case.pk,
                due_on=form.cleaned_data["due_on"],
                sanctions=[SanctionInput(k, t, d) for k, t, d in form.sanctions()],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The sentence is recorded."))
            return redirect("panels:case", community.slug, case.pk)
    return render(
        request,
        "panels/case_form.html",
        {"case": case, "form": form, "title": _("The jury's sentence"), "button": _("Record the sentence")},
    )


@require_POST
@community_view(COORDINATOR)
def sanction_progress(request, sanction_id: int):
    community, membership = request.community, request.membership
    sanction = _get(selectors.sanction_get, community=community, sanction_id=sanction_id)
    case_id = sanction.sentence.case_id
    _open_case(request, case_id, "sanction progress")
    complete = request.POST.get("complete") == "1"
    form = ProgressForm(request.POST)
    try:
        if complete:
            services.sanction_complete(actor=membership, community=community, sanction_id=sanction.pk)
        elif form.is_valid():
            services.sanction_progress_record(
                actor=membership, community=community, sanction_id=sanction.pk, **form.cleaned_data
            )
        else:
            raise DomainError(_("Enter how much was done as a whole number of at least 1."))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Progress recorded."))
    return redirect("panels:case", community.slug, case_id)


@require_POST
@community_view(COORDINATOR)
def rereferral_check(request, case_id: int):
    community, membership = request.community, request.membership
    case = _open_case(request, case_id, "re-referral check")
    form = ReReferralForm(request.POST)
    if form.is_valid():
        try:
            services.rereferral_check_record(
                actor=membership, community=community, case_id=case.pk, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Check recorded."))
    else:
        messages.error(request, _("Choose the check and its outcome."))
    return redirect("panels:case", community.slug, case.pk)


@community_view(COORDINATOR)
def hearings(request):
    community, membership = request.community, request.membership
    form = HearingForm(
        request.POST or None, community=community, presiding=selectors.presiding_candidates(community=community)
    )
    if request.method == "POST" and form.is_valid():
        try:
            hearing = services.hearing_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Hearing added. Now choose its foreperson and jurors."))
            return redirect("panels:hearing", community.slug, hearing.pk)
    return render(
        request,
        "panels/hearings.html",
        {
            "upcoming": selectors.hearings_list(community=community, upcoming=True),
            "past": selectors.hearings_list(community=community, upcoming=False)[:30],
            "form": form,
        },
    )


@community_view(COORDINATOR)
def hearing_detail(request, hearing_id: int):
    community, membership = request.community, request.membership
    hearing = _get(selectors.hearing_get, community=community, hearing_id=hearing_id)
    candidates = selectors.juror_candidates(community=community)
    juror_form = PersonForm(prefix="juror", people=candidates, label=_("Add a juror"))
    foreperson_form = PersonForm(prefix="foreperson", people=candidates, label=_("Foreperson"))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "juror":
                juror_form = PersonForm(request.POST, prefix="juror", people=candidates, label=_("Add a juror"))
                if juror_form.is_valid():
                    services.hearing_juror_add(
                        actor=membership, community=community, hearing_id=hearing.pk, **juror_form.cleaned_data
                    )
                    messages.success(request, _("Juror added."))
                    return redirect("panels:hearing", community.slug, hearing.pk)
            elif action == "foreperson":
                foreperson_form = PersonForm(
                    request.POST, prefix="foreperson", people=candidates, label=_("Foreperson")
                )
                if foreperson_form.is_valid():
                    services.hearing_foreperson_set(
                        actor=membership, community=community, hearing_id=hearing.pk, **foreperson_form.cleaned_data
                    )
                    messages.success(request, _("Foreperson chosen."))
                    return redirect("panels:hearing", community.slug, hearing.pk)
            elif action == "remove":
                raw = request.POST.get("membership_id", "")
                services.hearing_juror_remove(
                    actor=membership,
                    community=community,
                    hearing_id=hearing.pk,
                    membership_id=int(raw) if raw.isdecimal() else 0,
                )
                messages.success(request, _("Juror removed."))
                return redirect("panels:hearing", community.slug, hearing.pk)
        except DomainError as error:
            add_domain_error(foreperson_form if action == "foreperson" else juror_form, error)
    return render(
        request,
        "panels/hearing_detail.html",
        {
            "hearing": hearing,
            "jurors": selectors.hearing_jurors(community=community, hearing=hearing),
            "cases": selectors.hearing_cases(community=community, hearing=hearing),
            "juror_form": juror_form,
            "foreperson_form": foreperson_form,
            "now": timezone.now(),
        },
    )


@community_view(COORDINATOR)
def hearing_record(request, hearing_id: int):
    community, membership = request.community, request.membership
    hearing = _get(selectors.hearing_get, community=community, hearing_id=hearing_id)
    jurors = list(selectors.hearing_jurors(community=community, hearing=hearing))
    scheduled = selectors.hearing_cases(community=community, hearing=hearing).filter(
        status=CaseStatus.HEARING_SCHEDULED
    )
    form = HearingRecordForm(
        request.POST or None,
        jurors=jurors,
        cases=scheduled,
        initial={"attended_juror_ids": [j.membership_id for j in jurors], "heard_case_ids": [c.pk for c in scheduled]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_record(actor=membership, community=community, hearing_id=hearing.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Hearing recorded. Jury service has been credited."))
            return redirect("panels:hearing", community.slug, hearing.pk)
    return render(request, "panels/hearing_record.html", {"hearing": hearing, "form": form})


@community_view(COORDINATOR)
def hearing_cancel(request, hearing_id: int):
    community, membership = request.community, request.membership
    hearing = _get(selectors.hearing_get, community=community, hearing_id=hearing_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hearing_cancel(actor=membership, community=community, hearing_id=hearing.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Hearing cancelled; its cases are back at intake."))
            return redirect("panels:hearings", community.slug)
    return render(request, "panels/hearing_cancel.html", {"hearing": hearing, "form": form})


@community_view()
def hearing_brief(request, hearing_id: int):
    """What jurors, the foreperson and the presiding adult need for a hearing, and nothing more."""
    brief = _get(
        services.hearing_brief_open,
        actor=request.membership,
        community=request.community,
        hearing_id=hearing_id,
        channel=PAGE,
    )
    return render(request, "panels/hearing_brief.html", {"brief": brief})


@community_view()
def person(request, membership_id: int):
    """A person's path through the court. Coordinators see anyone's; members see their own."""
    community, membership = request.community, request.membership
    if membership_id != membership.pk and not membership.is_coordinator:
        raise Http404
    target = _get(membership_get, community=community, membership_id=membership_id)
    return render(
        request,
        "panels/person.html",
        {
            "history": selectors.person_history(community=community, membership=target),
            "juries_served": selectors.juries_served(community=community, membership=target),
        },
    )


@community_view(ADMIN)
def access_log(request):
    return render(
        request, "panels/access_log.html", {"accesses": selectors.access_log(community=request.community)[:500]}
    )


@community_view(COORDINATOR)
def settings_edit(request):
    community, membership = request.community, request.membership
    current = selectors.settings_get(community=community)
    form = SettingsForm(
        request.POST or None, initial={name: getattr(current, name) for name in SettingsForm.base_fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("panels:settings", community.slug)
    return render(request, "panels/settings.html", {"form": form})
