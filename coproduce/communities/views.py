import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.communities import selectors, services
from coproduce.communities.access import community_view
from coproduce.communities.forms import JoinForm
from coproduce.core.errors import DomainError, NotFound
from coproduce.core.forms import add_domain_error

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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
    context = {}
    if membership.is_coordinator:
        context["pending_count"] = selectors.applications_pending(community=community).count()
        context["overdue_count"] = selectors.applications_overdue(community=community).count()
    return render(request, "communities/dashboard.html", context)
