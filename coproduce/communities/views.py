"""Pages for people and communities. Each view parses input, calls one service or selector, and renders."""

import datetime as dt
import re

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coproduce.audit.selectors import audit_events_for_community
from coproduce.communities import selectors, services
from coproduce.communities.access import ADMIN, COORDINATOR, community_view
from coproduce.communities.forms import (
    AssetForm,
    CheckForm,
    CheckUpdateForm,
    CommunitySettingsForm,
    DecisionForm,
    JoinForm,
    MemberSearchForm,
    MembershipChangeForm,
    OfflineMemberForm,
    OrganisationForm,
    ProfileForm,
    TokenForm,
)
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PAGE_SIZE = 50


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request):
    target = request.GET.get("go", "")
    if target and SLUG.fullmatch(target):
        return redirect("communities:dashboard", slug=target)
    if not request.user.is_authenticated:
        return render(request, "communities/landing.html", {"communities": selectors.community_list_open()})
    memberships = selectors.memberships_of_user(user=request.user)
    return render(request, "communities/home.html", {"memberships_all": memberships})


def community_directory(request):
    return render(request, "communities/directory.html", {"communities": selectors.community_list_open()})


@login_required
def community_join(request, slug: str):
    try:
        community = selectors.community_get(slug=slug)
    except NotFound:
        raise Http404 from None
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(user=request.user, community=community, kind=form.cleaned_data["kind"],
                                      message=form.cleaned_data["message"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. A coordinator will look at your application soon."))
            return redirect("communities:home")
    return render(request, "communities/join.html", {"target": community, "form": form})


@community_view()
def community_dashboard(request):
    community, membership = request.community, request.membership
    context = {
        "assets": selectors.assets_of_member(community=community, membership=membership),
        "profile_incomplete": not (membership.neighbourhood or membership.bio),
    }
    if membership.is_coordinator:
        context["pending_count"] = selectors.applications_pending(community=community).count()
        context["overdue_count"] = selectors.applications_overdue(community=community).count()
        context["expiring_count"] = selectors.checks_expiring(community=community, within_days=30).count()
        context["suggest_two_factor"] = not is_mfa_enabled(request.user)
    return render(request, "communities/dashboard.html", context)


@community_view()
def member_directory(request):
    form = MemberSearchForm(request.GET or None)
    query = kind = ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    members = selectors.member_directory(community=request.community, query=query, kind=kind)
    return render(request, "communities/members.html",
                  {"form": form, "page": _page(request, members), "query": query, "kind": kind})


@community_view()
def member_profile(request, membership_id: int):
    community, membership = request.community, request.membership
    active_only = not membership.is_coordinator
    person = selectors.membership_get(community=community, membership_id=membership_id, active_only=active_only)
    context = {
        "person": person,
        "assets": selectors.assets_of_member(community=community, membership=person),
        "can_act_for": membership.is_coordinator and person.is_brokered and person.is_active,
        "checks": selectors.checks_list(community=community, membership=person) if membership.is_coordinator else None,
    }
    return render(request, "communities/member_profile.html", context)


def _profile_initial(person) -> dict:
    return {"name": person.user.name, "bio": person.bio, "neighbourhood": person.neighbourhood,
            "availability": person.availability, "phone": person.phone}


def _edit_profile(request, person, *, done_url: str, acting_for: bool):
    community, membership = request.community, request.membership
    form = ProfileForm(request.POST or None, initial=_profile_initial(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_profile_update(actor=membership, community=community, membership=person,
                                               **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect(done_url)
    context = {
        "form": form, "person": person, "acting_for": acting_for, "asset_form": AssetForm(),
        "assets": selectors.assets_of_member(community=community, membership=person),
    }
    return render(request, "communities/profile_edit.html", context)


@community_view()
def my_profile(request):
    done = request.path
    return _edit_profile(request, request.membership, done_url=done, acting_for=False)


@community_view(COORDINATOR)
def member_edit(request, membership_id: int):
    person = selectors.membership_get(community=request.community, membership_id=membership_id, active_only=True)
    if not person.is_brokered and person.pk != request.membership.pk:
        raise Http404
    return _edit_profile(request, person, done_url=request.path, acting_for=person.pk != request.membership.pk)


@community_view()
def asset_add(request, membership_id: int):
    community, membership = request.community, request.membership
    person = selectors.membership_get(community=community, membership_id=membership_id, active_only=True)
    if person.pk != membership.pk and not (membership.is_coordinator and person.is_brokered):
        raise Http404
    back = (
        reverse("communities:my_profile", args=[community.slug]) if person.pk == membership.pk
        else reverse("communities:member_edit", args=[community.slug, person.pk])
    )
    form = AssetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_create(actor=membership, community=community, membership=person, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Added “%(title)s”.") % {"title": form.cleaned_data["title"]})
            return redirect(back)
    return render(request, "communities/asset_add.html", {"form": form, "person": person, "back": back})


@community_view()
@require_POST
def asset_remove(request, asset_id: int):
    community, membership = request.community, request.membership
    asset = selectors.asset_get(community=community, asset_id=asset_id)
    services.asset_delete(actor=membership, community=community, asset_id=asset.pk)
    messages.success(request, _("Removed “%(title)s”.") % {"title": asset.title})
    if asset.membership_id == membership.pk:
        return redirect("communities:my_profile", slug=community.slug)
    return redirect("communities:member_edit", slug=community.slug, membership_id=asset.membership_id)


@community_view(COORDINATOR)
def applications(request):
    community = request.community
    cutoff = timezone.now() - dt.timedelta(days=community.application_stale_days)
    pending = selectors.applications_pending(community=community)
    return render(request, "communities/applications.html", {"applications": pending, "cutoff": cutoff})


@community_view(COORDINATOR)
def application_decide(request, membership_id: int):
    community, membership = request.community, request.membership
    application = selectors.application_get(community=community, membership_id=membership_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        reason = form.cleaned_data["reason"]
        try:
            if decision == "approve":
                services.membership_approve(actor=membership, community=community, membership_id=application.pk, reason=reason)
                messages.success(request, _("%(name)s is now a member.") % {"name": application.user})
            elif decision == "decline":
                services.membership_decline(actor=membership, community=community, membership_id=application.pk, reason=reason)
                messages.success(request, _("The application from %(name)s was declined.") % {"name": application.user})
            else:
                raise DomainError(_("Choose approve or decline."))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("communities:applications", slug=community.slug)
    cutoff = timezone.now() - dt.timedelta(days=community.application_stale_days)
    return render(request, "communities/application_decide.html",
                  {"application": application, "form": form, "overdue": application.created_at < cutoff})


@community_view(COORDINATOR)
def member_add_offline(request):
    community, membership = request.community, request.membership
    form = OfflineMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.membership_add_offline(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added. You can now act for them.") % {"name": person.user})
            return redirect("communities:member_edit", slug=community.slug, membership_id=person.pk)
    return render(request, "communities/member_add_offline.html", {"form": form})


@community_view(COORDINATOR)
def members_acting_for(request):
    members = selectors.brokered_members(community=request.community)
    return render(request, "communities/members_acting_for.html", {"page": _page(request, members)})


@community_view(COORDINATOR)
def member_change(request, membership_id: int):
    community, membership = request.community, request.membership
    person = selectors.membership_get(community=community, membership_id=membership_id)
    if person.status in (person.Status.APPLIED, person.Status.DECLINED):
        raise Http404
    initial = {"role": person.role, "kind": person.kind, "status": person.status}
    form = MembershipChangeForm(request.POST or None, initial=initial, can_change_role=membership.is_admin)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_role(actor=membership, community=community, membership_id=person.pk,
                                         **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The changes to %(name)s have been saved.") % {"name": person.user})
            return redirect("communities:member_profile", slug=community.slug, membership_id=person.pk)
    return render(request, "communities/member_change.html", {"form": form, "person": person})


@community_view(COORDINATOR)
def checks(request):
    community = request.community
    expiring = request.GET.get("show") == "expiring"
    if expiring:
        rows = selectors.checks_expiring(community=community, within_days=30)
    else:
        rows = selectors.checks_list(community=community)
    return render(request, "communities/checks.html",
                  {"page": _page(request, rows), "expiring": expiring, "today": timezone.localdate()})


@community_view(COORDINATOR)
def check_new(request):
    community, membership = request.community, request.membership
    form = CheckForm(request.POST or None, members=selectors.members_for_choice(community=community),
                     initial={"membership": request.GET.get("member", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = selectors.membership_get(community=community, membership_id=data.pop("membership"))
            services.check_record(actor=membership, community=community, membership=person, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The check has been recorded."))
            return redirect("communities:checks", slug=community.slug)
    return render(request, "communities/check_new.html", {"form": form})


@community_view(COORDINATOR)
def check_edit(request, check_id: int):
    community, membership = request.community, request.membership
    check = selectors.check_get(community=community, check_id=check_id)
    initial = {"status": check.status, "expires_on": check.expires_on, "notes": check.notes}
    form = CheckUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_update(actor=membership, community=community, check_id=check.pk, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The check has been updated."))
            return redirect("communities:checks", slug=community.slug)
    return render(request, "communities/check_edit.html", {"form": form, "check": check})


@community_view(COORDINATOR)
def organisations(request):
    community, membership = request.community, request.membership
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Added %(name)s.") % {"name": organisation.name})
            return redirect("communities:organisations", slug=community.slug)
    return render(request, "communities/organisations.html",
                  {"organisations": selectors.organisations_list(community=community), "form": form})


@community_view(ADMIN)
def community_settings(request):
    community, membership = request.community, request.membership
    initial = {name: getattr(community, name) for name in services.COMMUNITY_SETTINGS}
    form = CommunitySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.community_update(actor=membership, community=community, **changed)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("communities:settings", slug=community.slug)
    return render(request, "communities/settings.html", {"form": form})


@community_view(ADMIN)
def audit_log(request):
    events = audit_events_for_community(community=request.community)
    return render(request, "communities/audit.html", {"page": _page(request, events)})


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_token = services.token_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = TokenForm()
            messages.success(request, _("Token “%(name)s” created. Copy it now: it will not be shown again.") % {"name": token.name})
    return render(request, "communities/tokens.html",
                  {"form": form, "new_token": new_token, "tokens": selectors.tokens_of_user(user=request.user),
                   "now": timezone.now()})


@require_POST
@login_required
def token_revoke(request, token_id: int):
    try:
        services.token_revoke(user=request.user, token_id=token_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The token has been revoked. Scripts using it will stop working."))
    return redirect("communities:tokens")
