"""Time-bank pages. Thin: parse a form, call one service or selector, render or redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.communities.access import COORDINATOR, community_view
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error
from coproduce.timebank import forms, rules, selectors, services

PAGE_SIZE = 20


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission, e.g. a cleared checkbox)."""
    return request.POST if request.method == "POST" else None


def _get_or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound:
        raise Http404 from None


def _categories(request, *, include_archived: bool = False):
    return list(selectors.categories_list(community=request.community, include_archived=include_archived))


def _parties(request):
    members, organisations = selectors.parties(community=request.community)
    return forms.party_choices(members, organisations)


@community_view()
def listings(request):
    community = request.community
    categories = _categories(request)
    form = forms.SearchForm(request.GET or None, categories=categories)
    query, kind, category = "", None, None
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"] or None
        category = next((c for c in categories if c.pk == form.cleaned_data["category"]), None)
    results = selectors.listing_search(community=community, query=query, kind=kind, category=category)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "timebank/listings.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "searching": bool(query or kind or category),
            "querystring": request.GET.copy(),
        },
    )


@community_view()
def listing_detail(request, listing_id: int):
    listing = _get_or_404(selectors.listing_get, community=request.community, listing_id=listing_id)
    exchanges = selectors.exchanges_of_listing(community=request.community, listing=listing, viewer=request.membership)
    return render(
        request,
        "timebank/listing_detail.html",
        {
            "listing": listing,
            "exchanges": exchanges,
            "respond_form": forms.RespondForm(),
            "can_edit": listing.status == "open"
            and (
                request.membership.is_coordinator
                or rules.acts_for(request.membership, membership=listing.membership, organisation=listing.organisation)
            ),
            "is_own": listing.membership_id == request.membership.pk,
        },
    )


def _listing_form(request, data=None, initial=None):
    organisations = []
    if request.membership.is_coordinator:
        organisations = list(selectors.parties(community=request.community)[1])
    return forms.ListingForm(data, initial=initial, categories=_categories(request), organisations=organisations)


def _listing_fields(cleaned: dict) -> dict:
    return {
        "kind": cleaned["kind"],
        "category_id": cleaned["category"],
        "title": cleaned["title"],
        "description": cleaned["description"],
        "tags": cleaned["tags"],
        "neighbourhood": cleaned["neighbourhood"],
        "expires_on": cleaned["expires_on"],
        "needs_check": cleaned["needs_check"],
    }


@community_view()
def listing_create(request):
    form = _listing_form(
        request,
        _posted(request),
        initial={"neighbourhood": request.membership.neighbourhood, "kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(
                actor=request.membership,
                community=request.community,
                organisation_id=form.cleaned_data.get("organisation"),
                **_listing_fields(form.cleaned_data),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your listing is up."))
            return redirect("timebank:listing_detail", request.community.slug, listing.pk)
    return render(request, "timebank/listing_form.html", {"form": form, "listing": None})


@community_view()
def listing_edit(request, listing_id: int):
    listing = _get_or_404(selectors.listing_get, community=request.community, listing_id=listing_id)
    initial = {
        "kind": listing.kind,
        "category": listing.category_id,
        "title": listing.title,
        "description": listing.description,
        "tags": listing.tags,
        "neighbourhood": listing.neighbourhood,
        "expires_on": listing.expires_on,
        "needs_check": listing.needs_check,
    }
    form = _listing_form(request, _posted(request), initial=initial)
    form.fields.pop("organisation", None)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(
                actor=request.membership,
                community=request.community,
                listing_id=listing.pk,
                **_listing_fields(form.cleaned_data),
            )
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("timebank:listing_detail", request.community.slug, listing.pk)
    return render(request, "timebank/listing_form.html", {"form": form, "listing": listing})


@community_view()
def listing_withdraw(request, listing_id: int):
    listing = _get_or_404(selectors.listing_get, community=request.community, listing_id=listing_id)
    error = None
    if request.method == "POST":
        try:
            services.listing_withdraw(actor=request.membership, community=request.community, listing_id=listing.pk)
        except NotFound:
            raise Http404 from None
        except DomainError as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("The listing has been taken down."))
            return redirect("timebank:my_exchanges", request.community.slug)
    return render(request, "timebank/listing_withdraw.html", {"listing": listing, "error": error})


@community_view()
def listing_respond(request, listing_id: int):
    listing = _get_or_404(selectors.listing_get, community=request.community, listing_id=listing_id)
    form = forms.RespondForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            exchange = services.exchange_respond(
                actor=request.membership,
                community=request.community,
                listing_id=listing.pk,
                message=form.cleaned_data["message"],
            )
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your reply has been sent. You will hear when they accept."))
            return redirect("timebank:exchange_detail", request.community.slug, exchange.pk)
    return render(request, "timebank/listing_respond.html", {"listing": listing, "form": form})


@community_view()
def my_exchanges(request):
    community, membership = request.community, request.membership
    exchanges = list(selectors.exchanges_of_member(community=community, membership=membership)[:200])
    waiting_for_me = [e for e in exchanges if ACTION_STEPS.intersection(rules.next_steps(membership, e))]
    return render(
        request,
        "timebank/my_exchanges.html",
        {
            "waiting_for_me": waiting_for_me,
            "in_progress": [e for e in exchanges if e.is_open and e not in waiting_for_me],
            "done": [e for e in exchanges if not e.is_open][:50],
            "my_listings": selectors.listings_of_member(community=community, membership=membership),
            "account": selectors.balance_of(community=community, membership=membership),
        },
    )


ACTION_STEPS = {"accept", "record", "confirm", "resolve"}
STEP_FORMS = {
    "decline": forms.ReasonForm,
    "cancel": forms.ReasonForm,
    "arrange": forms.ArrangeForm,
    "record": forms.RecordForm,
    "dispute": forms.DisputeForm,
    "resolve": forms.ResolveForm,
}


def _step_call(request, exchange, step: str, data: dict):
    common = {"actor": request.membership, "community": request.community, "exchange_id": exchange.pk}
    if step == "accept":
        return services.exchange_accept(**common)
    if step == "decline":
        return services.exchange_decline(**common, reason=data["reason"])
    if step == "cancel":
        return services.exchange_cancel(**common, reason=data["reason"])
    if step == "arrange":
        return services.exchange_arrange(**common, scheduled_for=data["scheduled_for"], note=data["note"])
    if step == "record":
        return services.exchange_record(
            **common,
            minutes=data["total_minutes"],
            comment=data["comment"],
            occurred_at=forms.moment_on(data["occurred_on"], request.community),
        )
    if step == "confirm":
        return services.exchange_confirm(**common)
    if step == "dispute":
        return services.exchange_dispute(**common, reason=data["reason"])
    return services.exchange_resolve(
        **common,
        outcome=data["outcome"],
        note=data["note"],
        minutes=data["total_minutes"] if data["outcome"] == "confirm" else None,
    )


STEP_DONE = {
    "accept": _("You accepted. Arrange a time together, then the hours can be recorded."),
    "decline": _("You declined. They have been told."),
    "cancel": _("The exchange is cancelled."),
    "arrange": _("The arrangement is saved and the other person has been told."),
    "record": _("The hours are recorded. They count once the other person confirms."),
    "confirm": _("Confirmed. The hours have moved."),
    "dispute": _("A coordinator will look at this and contact you both."),
    "resolve": _("The dispute is settled and both people have been told."),
}


def _exchange_page(request, exchange, *, failed_step: str = "", failed_form=None, error: str = ""):
    steps = rules.next_steps(request.membership, exchange)
    step_forms = {}
    for step in steps:
        if step == failed_step and failed_form is not None:
            step_forms[step] = failed_form
        elif step in STEP_FORMS:
            initial = {}
            if step in ("record", "resolve"):
                minutes = exchange.minutes or 60
                initial = {
                    "hours": minutes // 60,
                    "minutes": minutes % 60,
                    "occurred_on": forms.today_in(request.community),
                }
            step_forms[step] = STEP_FORMS[step](prefix=step, initial=initial)
    return render(
        request,
        "timebank/exchange_detail.html",
        {
            "exchange": exchange,
            "steps": steps,
            "step_forms": step_forms,
            "form": failed_form,
            "error": error,
            "due_at": selectors.autoconfirm_due_at(exchange, request.community),
            "is_provider_side": rules.acts_for_provider(request.membership, exchange),
            "can_correct": rules.may_correct(request.membership, exchange),
            "corrections": selectors.exchange_corrections(community=request.community, exchange=exchange),
        },
    )


@community_view()
def exchange_detail(request, exchange_id: int):
    exchange = _get_or_404(
        selectors.exchange_get, community=request.community, exchange_id=exchange_id, viewer=request.membership
    )
    return _exchange_page(request, exchange)


@community_view()
def exchange_step(request, exchange_id: int, step: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    exchange = _get_or_404(
        selectors.exchange_get, community=request.community, exchange_id=exchange_id, viewer=request.membership
    )
    if step not in STEP_DONE:
        raise Http404
    form = STEP_FORMS[step](request.POST, prefix=step) if step in STEP_FORMS else None
    if form is not None and not form.is_valid():
        return _exchange_page(request, exchange, failed_step=step, failed_form=form)
    try:
        _step_call(request, exchange, step, form.cleaned_data if form is not None else {})
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        if form is not None:
            add_domain_error(form, error)
            return _exchange_page(request, exchange, failed_step=step, failed_form=form)
        return _exchange_page(request, exchange, error=str(error))
    messages.success(request, STEP_DONE[step])
    return redirect("timebank:exchange_detail", request.community.slug, exchange.pk)


@community_view(COORDINATOR)
def exchange_correct(request, exchange_id: int):
    exchange = _get_or_404(
        selectors.exchange_get, community=request.community, exchange_id=exchange_id, viewer=request.membership
    )
    minutes = exchange.minutes or 0
    form = forms.CorrectForm(_posted(request), initial={"hours": minutes // 60, "minutes": minutes % 60})
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_correct(
                actor=request.membership,
                community=request.community,
                exchange_id=exchange.pk,
                minutes=form.cleaned_data["total_minutes"],
                reason=form.cleaned_data["reason"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The correction is saved and the ledger is updated. Both people have been told.")
            )
            return redirect("timebank:exchange_detail", request.community.slug, exchange.pk)
    return render(
        request,
        "timebank/exchange_correct.html",
        {"form": form, "exchange": exchange, "can_correct": rules.may_correct(request.membership, exchange)},
    )


@community_view(COORDINATOR)
def dashboard(request):
    community = request.community
    without_listings = selectors.members_without_listings(community=community)
    inactive = selectors.members_inactive(community=community)
    return render(
        request,
        "timebank/dashboard.html",
        {
            "awaiting": selectors.exchanges_awaiting_confirmation(community=community)[:50],
            "disputed": selectors.exchanges_disputed(community=community)[:50],
            "flagged": selectors.flagged_accounts(community=community)[:50],
            "corrections": selectors.corrections_recent(community=community)[:20],
            "without_listings": without_listings[:30],
            "without_listings_count": without_listings.count(),
            "inactive": inactive[:30],
            "inactive_count": inactive.count(),
            "inactive_days": selectors.INACTIVE_DAYS,
            "autoconfirm_days": community.exchange_autoconfirm_days,
        },
    )


@community_view(COORDINATOR)
def record_brokered(request):
    form = forms.BrokeredForm(
        _posted(request),
        parties=_parties(request),
        categories=_categories(request),
        initial={"occurred_on": forms.today_in(request.community)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provider_id, provider_org = forms.parse_party(data["provider"])
        receiver_id, receiver_org = forms.parse_party(data["receiver"])
        try:
            exchange = services.exchange_record_brokered(
                actor=request.membership,
                community=request.community,
                category_id=data["category"],
                title=data["title"],
                minutes=data["total_minutes"],
                provider_id=provider_id,
                provider_organisation_id=provider_org,
                receiver_id=receiver_id,
                receiver_organisation_id=receiver_org,
                occurred_at=forms.moment_on(data["occurred_on"], request.community),
                comment=data["comment"],
                needs_check=data["needs_check"],
                idempotency_key=data["idempotency_key"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The exchange is recorded.")
                if exchange.status != "confirmed"
                else _("The exchange is recorded and confirmed; the hours have moved."),
            )
            return redirect("timebank:exchange_detail", request.community.slug, exchange.pk)
    return render(request, "timebank/record_brokered.html", {"form": form})


@community_view(COORDINATOR)
def group_exchange(request):
    form = forms.GroupExchangeForm(_posted(request), parties=_parties(request), categories=_categories(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        one_id, one_org = forms.parse_party(data["one"])
        legs = [
            services.GroupLeg(minutes=data["total_minutes"], membership_id=m, organisation_id=o)
            for m, o in (forms.parse_party(v) for v in data["many"])
        ]
        try:
            group = services.group_exchange_create(
                actor=request.membership,
                community=request.community,
                mode=data["mode"],
                category_id=data["category"],
                title=data["title"],
                legs=legs,
                idempotency_key=data["idempotency_key"],
                one_membership_id=one_id,
                one_organisation_id=one_org,
                occurred_at=forms.moment_on(data["occurred_on"], request.community),
                comment=data["comment"],
                needs_check=data["needs_check"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The group exchange is recorded: %(n)s exchanges, posted together.")
                % {"n": selectors.group_exchange_legs(community=request.community, group=group).count()},
            )
            return redirect("timebank:dashboard", request.community.slug)
    return render(
        request,
        "timebank/group_exchange.html",
        {"form": form, "recent": selectors.group_exchanges_list(community=request.community)[:10]},
    )


@community_view(COORDINATOR)
def categories(request):
    form = forms.CategoryForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(actor=request.membership, community=request.community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The category is added."))
            return redirect("timebank:categories", request.community.slug)
    return render(
        request, "timebank/categories.html", {"form": form, "categories": _categories(request, include_archived=True)}
    )


@community_view(COORDINATOR)
def category_edit(request, category_id: int):
    category = _get_or_404(selectors.category_get, community=request.community, category_id=category_id)
    form = forms.CategoryEditForm(
        _posted(request),
        initial={"name": category.name, "description": category.description, "is_archived": category.is_archived},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(
                actor=request.membership, community=request.community, category_id=category.pk, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("timebank:categories", request.community.slug)
    return render(request, "timebank/category_edit.html", {"form": form, "category": category})


def _fund_page(request, *, donate_form=None, allocate_form=None, form=None):
    parties = _parties(request) if request.membership.is_coordinator else []
    return render(
        request,
        "timebank/fund.html",
        {
            "fund": selectors.fund(community=request.community),
            "account": selectors.balance_of(community=request.community, membership=request.membership),
            "donate_form": donate_form or forms.DonateForm(prefix="donate"),
            "allocate_form": allocate_form
            or (forms.AllocateForm(prefix="allocate", parties=parties) if parties else None),
            "form": form,
        },
    )


@community_view()
def fund(request):
    return _fund_page(request)


@require_POST
@community_view()
def fund_donate(request):
    form = forms.DonateForm(request.POST, prefix="donate")
    if form.is_valid():
        try:
            services.fund_donate(
                actor=request.membership,
                community=request.community,
                minutes=form.cleaned_data["total_minutes"],
                note=form.cleaned_data["note"],
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your hours are in the community fund."))
            return redirect("timebank:fund", request.community.slug)
    return _fund_page(request, donate_form=form, form=form)


@require_POST
@community_view(COORDINATOR)
def fund_allocate(request):
    form = forms.AllocateForm(request.POST, prefix="allocate", parties=_parties(request))
    if form.is_valid():
        membership_id, organisation_id = forms.parse_party(form.cleaned_data["recipient"])
        try:
            services.fund_allocate(
                actor=request.membership,
                community=request.community,
                minutes=form.cleaned_data["total_minutes"],
                reason=form.cleaned_data["reason"],
                membership_id=membership_id,
                organisation_id=organisation_id,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The hours are allocated."))
            return redirect("timebank:fund", request.community.slug)
    return _fund_page(request, allocate_form=form, form=form)


@community_view()
def preferences(request):
    current = selectors.preference_for(community=request.community, membership=request.membership)
    form = forms.PreferenceForm(_posted(request), initial={"weekly_digest": current.weekly_digest})
    if request.method == "POST" and form.is_valid():
        services.preference_update(
            actor=request.membership, community=request.community, weekly_digest=form.cleaned_data["weekly_digest"]
        )
        messages.success(request, _("Your email settings are saved."))
        return redirect("timebank:preferences", request.community.slug)
    return render(request, "timebank/preferences.html", {"form": form})


@community_view(COORDINATOR)
def import_page(request):
    form = forms.ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        import io

        files = {
            name: io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
            for name in ("members", "listings", "transfers")
            if (upload := form.cleaned_data.get(name))
        }
        report = services.timebank_import(actor=request.membership, community=request.community, **files)
    return render(request, "timebank/import.html", {"form": form, "report": report})
