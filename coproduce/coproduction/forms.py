"""Forms for services and activities. Rules live in the service functions; forms parse the input."""

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.coproduction.domain import ActivityKind, ContributionRole, LadderStep, Phase

CONTRIBUTION_ROWS = 3
ERR_ROW_INCOMPLETE = _("Choose the person, their role and the minutes, or leave the whole row empty.")


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, error_messages={"required": _("Enter a name for the service.")},
                           help_text=_("For example: lunch club, youth court, family link-ups."))
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))


class ServiceEditForm(ServiceForm):
    is_active = forms.BooleanField(label=_("This service is running"), required=False)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, error_messages={"required": _("Enter a title for the activity.")},
                            help_text=_("For example: menu planning workshop."))
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices, widget=forms.RadioSelect,
                              help_text=_("Which part of the service this belongs to."),
                              error_messages={"required": _("Choose the phase: commission, design, deliver or assess.")})
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=[("", _("Choose a kind")), *ActivityKind.choices],
                             error_messages={"required": _("Choose what kind of activity this was.")})
    date = forms.DateField(label=_("Date"), widget=DateInput(),
                           error_messages={"required": _("Enter the date of the activity."),
                                           "invalid": _("Enter a real date, like 2025-03-31.")})
    time = forms.TimeField(label=_("Start time"), widget=TimeInput(), initial="10:00",
                           error_messages={"required": _("Enter the time the activity started."),
                                           "invalid": _("Enter a time like 14:30.")})
    ladder_step = forms.TypedChoiceField(
        label=_("Participation step (optional)"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Not an engagement event")), *[(v, f"{v}. {label}") for v, label in LadderStep.choices]],
        help_text=_("For meetings and events about the service: how much say did people have?"),
    )
    location = forms.CharField(label=_("Where (optional)"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes (optional)"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def occurred_at(self, tz: dt.tzinfo) -> dt.datetime:
        """The date and time entered, in the community's time zone."""
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]), tz)


class ContributionForm(forms.Form):
    """One person's part in an activity. An entirely empty row is ignored."""

    membership = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("Choose a role")), *ContributionRole.choices])
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=0, max_value=24 * 60,
                                 help_text=_("90 for an hour and a half."),
                                 error_messages={"invalid": _("Enter minutes as a whole number, like 90."),
                                                 "min_value": _("Minutes cannot be below 0."),
                                                 "max_value": _("Minutes cannot be more than 1440 (one day).")})

    def __init__(self, *args, members: list[tuple[int, str]] = (), **kwargs) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [("", _("Choose a person")), *members]  # type: ignore[attr-defined]
        # Each row's labels name the row, so every input has a unique accessible name.
        number = int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix and self.prefix[-1].isdigit() else 1
        self.fields["membership"].label = _("Person %(number)d") % {"number": number}
        self.fields["role"].label = _("Role of person %(number)d") % {"number": number}
        self.fields["minutes"].label = _("Minutes for person %(number)d") % {"number": number}

    def clean(self):
        data = super().clean() or {}
        values = [data.get("membership"), data.get("role"), data.get("minutes")]
        if any(v not in (None, "") for v in values) and any(v in (None, "") for v in values) and not self.errors:
            raise forms.ValidationError(ERR_ROW_INCOMPLETE)
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(k) in (None, "") for k in ("membership", "role", "minutes"))


ContributionFormSet = formset_factory(ContributionForm, extra=0, max_num=100, absolute_max=100, validate_max=True)
