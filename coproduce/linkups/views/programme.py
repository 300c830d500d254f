"""The programme view and its settings."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.core.forms import add_domain_error
from coproduce.linkups import forms, selectors, services
from coproduce.linkups.views.common import context_of, form_page, linkups_view, page_url


@linkups_view(staff=True)
def programme(request):
    community, _membership = context_of(request)
    return render(
        request,
        "linkups/programme.html",
        {
            "summary": selectors.programme_summary(community=community),
            "settings": selectors.programme_settings_get(community=community),
        },
    )


@linkups_view(staff=True)
def programme_settings(request):
    community, membership = context_of(request)
    if not membership.is_coordinator:
        raise Http404
    current = selectors.programme_settings_get(community=community)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "coach_sharing_capacity": current.coach_sharing_capacity,
            "coach_seeking_capacity": current.coach_seeking_capacity,
            "max_distance_km": current.max_distance_km,
            "require_reference": current.require_reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_settings_update(actor=membership, community=community, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The programme settings are saved."))
            return redirect(page_url("programme", request))
    return form_page(
        request,
        form,
        title=_("Programme settings"),
        caption=_("Family link-ups"),
        button=_("Save"),
        back=page_url("programme", request),
    )
