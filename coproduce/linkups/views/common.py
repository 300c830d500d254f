"""Shared pieces of the programme's pages: the access decorator and the form page."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from coproduce.communities.access import community_view
from coproduce.core.errors import NotFound
from coproduce.linkups.access import is_staff


def linkups_view(*, staff: bool = False) -> Callable:
    """A community page of the programme; `staff` pages are for coordinators and coaches only."""

    def decorator(view: Callable) -> Callable:
        @community_view()
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if staff and not is_staff(request.membership):  # type: ignore[attr-defined]
                raise Http404
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None

        return wrapper

    return decorator


def context_of(request: HttpRequest) -> tuple:
    return request.community, request.membership  # type: ignore[attr-defined]


def page_url(name: str, request: HttpRequest, *args) -> str:
    return reverse(f"linkups:{name}", args=[request.community.slug, *args])  # type: ignore[attr-defined]


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    caption: str,
    button: str,
    back: str,
    intro: str = "",
    warning: bool = False,
) -> HttpResponse:
    return render(
        request,
        "linkups/simple_form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "button": button,
            "back": back,
            "intro": intro,
            "warning": warning,
        },
    )


def next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name) or request.POST.get(name) or ""
    return int(value) if value.isdigit() else None
