import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.coproduction.models import Service
from coproduce.coproduction.selectors import services_list
from coproduce.insights import periods
from coproduce.insights.domain import Period

ERR_CUSTOM_DATES = _("Enter both the first and the last day of the period.")
ERR_DATES_ORDER = _("The last day must be the same as or after the first day.")
ERR_TOO_LONG = _("Choose a period of ten years or less.")
ERR_DATE_RANGE = _("Choose dates between the years 1900 and 2999.")
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)

CUSTOM = "custom"


class PeriodForm(forms.Form):
    """The period and service an insights page is about (a GET form, so pages can be bookmarked)."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[
            ("3", _("Last 3 months")),
            ("6", _("Last 6 months")),
            ("12", _("Last 12 months")),
            (CUSTOM, _("Dates I choose")),
        ],
        initial=str(periods.DEFAULT_MONTHS),
        widget=forms.RadioSelect,
    )
    start = forms.DateField(
        label=_("First day"),
        required=False,
        help_text=_("For example, 2025-04-01"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.services = {s.pk: s for s in services_list(community=community)}
        self.fields["service"].choices = [("", _("All services"))] + [(pk, s.name) for pk, s in self.services.items()]

    def clean(self):
        data = super().clean()
        if data.get("period") == CUSTOM:
            first, last = data.get("start"), data.get("end")
            if not first or not last:
                self.add_error("start" if not first else "end", ERR_CUSTOM_DATES)
            elif not EARLIEST <= first <= LATEST or not EARLIEST <= last <= LATEST:
                self.add_error("start" if not EARLIEST <= first <= LATEST else "end", ERR_DATE_RANGE)
            elif last < first:
                self.add_error("end", ERR_DATES_ORDER)
            elif last - first > dt.timedelta(days=3650):
                self.add_error("start", ERR_TOO_LONG)
        return data

    def chosen(self) -> tuple[Period, Service | None, str]:
        """(period, service or None, label) from valid data, or the defaults when the form is unbound or
        invalid (the page still shows figures, and the form shows what was wrong)."""
        tz = self.community.timezone
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        service = self.services.get(data.get("service")) if data.get("service") else None
        choice = data.get("period") or str(periods.DEFAULT_MONTHS)
        if choice == CUSTOM:
            period = periods.between_dates(tzname=tz, first=data["start"], last=data["end"])
            label = _("%(start)s to %(end)s") % {"start": data["start"].isoformat(), "end": data["end"].isoformat()}
        else:
            months = int(choice)
            period = periods.last_months(tzname=tz, months=months)
            label = _("the last %(n)s months") % {"n": months}
        return period, service, str(label)
