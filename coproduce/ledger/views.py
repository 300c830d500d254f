"""Pages of the ledger. Thin: parse, call one selector or service, render."""

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.communities.access import COORDINATOR, community_view
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error
from coproduce.ledger import exports, selectors, services
from coproduce.ledger.forms import FlagClearForm, GrantForm, LimitsForm, ReverseForm
from coproduce.ledger.models import Transfer


def _viewable(request, account_id: int):
    try:
        return selectors.account_for_viewer(
            community=request.community, account_id=account_id, viewer=request.membership
        )
    except NotFound:
        raise Http404 from None


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@community_view()
def my_account(request):
    """The signed-in member's own statement (their account is opened on first visit)."""
    account = selectors.account_for_membership(community=request.community, membership=request.membership)
    return redirect("ledger:statement", slug=request.community.slug, account_id=account.pk)


@community_view()
def statement(request, account_id: int):
    account = _viewable(request, account_id)
    page = selectors.statement_page(community=request.community, account=account, before=_int_param(request, "before"))
    return render(
        request,
        "ledger/statement.html",
        {
            "account": account,
            "page": page,
            "is_own": account.membership_id == request.membership.pk,
        },
    )


def _filename(account, extension: str) -> str:
    return f"statement-{slugify(account.owner_name) or 'account'}-{account.pk}.{extension}"


@community_view()
def statement_csv(request, account_id: int):
    account = _viewable(request, account_id)
    entries = selectors.statement(community=request.community, account=account).order_by("pk").iterator(chunk_size=2000)
    response = StreamingHttpResponse(
        exports.statement_csv_rows(
            community=request.community,
            account=account,
            entries=entries,
            names=selectors.account_names(community=request.community),
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(account, "csv")}"'
    return response


@community_view()
def statement_pdf(request, account_id: int):
    account = _viewable(request, account_id)
    entries = selectors.statement(community=request.community, account=account).order_by("pk").iterator(chunk_size=2000)
    response = HttpResponse(
        exports.statement_pdf(
            community=request.community,
            account=account,
            entries=entries,
            names=selectors.account_names(community=request.community),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(account, "pdf")}"'
    return response


@community_view(COORDINATOR)
def coordinate(request):
    """Coordinators' overview: totals, accounts waiting for a look, and the latest transfers."""
    return render(
        request,
        "ledger/coordinate.html",
        {
            "summary": selectors.balances_summary(community=request.community),
            "flagged": selectors.accounts_flagged(community=request.community)[:10],
            "fund": selectors.community_pool(community=request.community),
            "transfers": selectors.transfers_recent(community=request.community, limit=10),
        },
    )


@community_view(COORDINATOR)
def flagged(request):
    return render(
        request,
        "ledger/flagged.html",
        {
            "accounts": selectors.accounts_flagged(community=request.community),
            "form": FlagClearForm(),
        },
    )


@require_POST
@community_view(COORDINATOR)
def flag_clear(request, account_id: int):
    form = FlagClearForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.account_flag_clear(
            actor=request.membership, community=request.community, account=account_id, note=note
        )
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The flag has been cleared."))
    return redirect("ledger:flagged", slug=request.community.slug)


@community_view(COORDINATOR)
def transfers(request):
    rows = selectors.transfers_recent(community=request.community, before=_int_param(request, "before"), limit=51)
    return render(
        request,
        "ledger/transfers.html",
        {
            "transfers": rows[:50],
            "next_before": rows[49].pk if len(rows) > 50 else None,
        },
    )


@community_view(COORDINATOR)
def limits_edit(request, account_id: int):
    account = _viewable(request, account_id)
    initial = {name: getattr(account, name) for name in LimitsForm.LIMITS}
    form = LimitsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            services.account_limits_update(
                actor=request.membership,
                community=request.community,
                account=account,
                remove=[name for name in LimitsForm.LIMITS if values[name] is None],
                **{name: values[name] for name in LimitsForm.LIMITS if values[name] is not None},
            )
        except NotFound:
            raise Http404 from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The limits have been saved."))
            return redirect("ledger:statement", slug=request.community.slug, account_id=account.pk)
    return render(request, "ledger/limits.html", {"account": account, "form": form})


@community_view(COORDINATOR)
def transfer_reverse(request, transfer_id: int):
    try:
        transfer = selectors.transfer_get(community=request.community, transfer_id=transfer_id)
    except NotFound:
        raise Http404 from None
    reversal = selectors.transfer_reversal(community=request.community, transfer=transfer)
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reversal is None:
        try:
            services.transfer_reverse(
                actor=request.membership,
                community=request.community,
                transfer=transfer,
                reason=form.cleaned_data["reason"],
                idempotency_key=f"web-reverse-{form.cleaned_data['idempotency_key']}",
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The transfer has been reversed."))
            return redirect("ledger:transfers", slug=request.community.slug)
    return render(
        request,
        "ledger/reverse.html",
        {
            "transfer": transfer,
            "reversal": reversal,
            "form": form,
            "can_reverse": transfer.kind != Transfer.Kind.REVERSAL,
        },
    )


@community_view(COORDINATOR)
def fund_grant(request):
    """Move hours between the community fund and any account (allocate from the fund, or take back into it)."""
    community = request.community
    fund = selectors.community_pool(community=community)
    accounts = selectors.accounts_list(community=community, pools=False)
    form = GrantForm(request.POST or None, accounts=accounts, initial={"account": _int_param(request, "account")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_account = data["direction"] == "to_account"
        try:
            transfer = services.transfer_create(
                actor=request.membership,
                community=community,
                from_account=fund if to_account else data["account"],
                to_account=data["account"] if to_account else fund,
                minutes=data["minutes"],
                kind=Transfer.Kind.GRANT if to_account else Transfer.Kind.ADJUSTMENT,
                memo=data["memo"],
                idempotency_key=f"web-fund-{data['idempotency_key']}",
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            for warning in transfer.warnings:
                messages.warning(request, warning)
            messages.success(request, _("The hours have been moved."))
            return redirect("ledger:coordinate", slug=community.slug)
    return render(request, "ledger/fund_grant.html", {"form": form, "fund": fund})
