"""Forms of the time-bank pages. They parse input only; every rule lives in the services."""

import datetime as dt
import uuid
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.timebank.models import GroupExchange, Listing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def moment_on(day: dt.date | None, community) -> dt.datetime | None:
    """A date from a form as a moment: now when it is today, otherwise midday in the community's time zone."""
    if day is None:
        return None
    tz = zoneinfo.ZoneInfo(community.timezone)
    now = timezone.now()
    if day == now.astimezone(tz).date():
        return now
    return dt.datetime.combine(day, dt.time(12), tzinfo=tz)


def today_in(community) -> dt.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(community.timezone)).date()


def party_choices(members, organisations) -> list[tuple[str, str]]:
    """Members ("m:<id>") and organisations ("o:<id>") in one list, for forms where either can take part."""
    choices = [(f"m:{m.pk}", f"{m.user} (#{m.member_number})") for m in members]
    choices += [(f"o:{o.pk}", str(_("%(name)s (organisation)") % {"name": o.name})) for o in organisations]
    return choices


def parse_party(value: str) -> tuple[int | None, int | None]:
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None, None
    return (int(pk), None) if kind == "m" else ((None, int(pk)) if kind == "o" else (None, None))


class DurationMixin(forms.Form):
    """Hours and minutes as two boxes; `total_minutes` is what the service checks."""

    hours = forms.IntegerField(
        label=_("Hours"),
        min_value=0,
        max_value=999,
        required=False,
        initial=1,
        error_messages={"invalid": _("Enter hours as a whole number.")},
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=0,
        max_value=59,
        required=False,
        initial=0,
        error_messages={
            "invalid": _("Enter minutes as a whole number from 0 to 59."),
            "max_value": _("Enter minutes as a whole number from 0 to 59."),
        },
    )

    def clean(self):
        data = super().clean()
        data["total_minutes"] = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        return data


class IdempotentForm(forms.Form):
    """A hidden key made when the form is shown, so pressing the button twice records the hours once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words from the title, description, tags or category, for example “garden”."),
    )
    kind = forms.ChoiceField(
        label=_("Show"), required=False, choices=[("", _("Offers and requests")), *Listing.Kind.choices]
    )
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [(c.pk, c.name) for c in categories]


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Are you offering help or asking for it?"),
        choices=Listing.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you are offering help or asking for it.")},
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, error_messages={"required": _("Choose a category.")}
    )
    title = forms.CharField(
        label=_("Title"), max_length=120, error_messages={"required": _("Enter a title, up to 120 characters.")}
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    tags = forms.CharField(
        label=_("Tags (optional)"),
        required=False,
        max_length=300,
        help_text=_("Separate tags with commas, for example: garden, weekends."),
    )
    neighbourhood = forms.CharField(label=_("Neighbourhood (optional)"), required=False, max_length=120)
    expires_on = forms.DateField(
        label=_("Take it down on (optional)"),
        required=False,
        widget=DATE,
        error_messages={"invalid": _("Enter a real date.")},
    )
    needs_check = forms.BooleanField(
        label=_("This work is with children or vulnerable adults, or alone in someone's home"),
        required=False,
        help_text=_("The person giving the help will need a valid background check."),
    )
    organisation = forms.TypedChoiceField(
        label=_("Post for an organisation (optional)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, categories=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category"))] + [(c.pk, c.name) for c in categories]
        if organisations:
            self.fields["organisation"].choices = [("", _("No, for myself"))] + [(o.pk, o.name) for o in organisations]
        else:
            del self.fields["organisation"]


class RespondForm(forms.Form):
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say when you are free, or anything they should know."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is wrong, so a coordinator can sort it out.")},
    )


class ArrangeForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("When"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={
            "required": _("Enter the date and time you have arranged."),
            "invalid": _("Enter the date and time you have arranged."),
        },
    )
    note = forms.CharField(label=_("Where and how (optional)"), required=False, max_length=300)


class RecordForm(DurationMixin):
    occurred_on = forms.DateField(
        label=_("Date the help was given"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date the help was given."),
            "invalid": _("Enter the date the help was given."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=300, help_text=_("It appears on both statements.")
    )


class ResolveForm(DurationMixin):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("confirm", _("Confirm the exchange, with the hours below")), ("cancel", _("Cancel the exchange"))],
        error_messages={"required": _("Choose whether to confirm the exchange or cancel it.")},
    )
    note = forms.CharField(
        label=_("Note to both people"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a note explaining the decision; both people will see it.")},
    )


class CorrectForm(DurationMixin, IdempotentForm):
    reason = forms.CharField(
        label=_("Why is the time being corrected?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Both people will see this, and it is kept with the correction in the ledger."),
        error_messages={
            "required": _("Say why the time is being corrected; both people will see it."),
            "max_length": _("Keep the reason to 500 characters or fewer."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty boxes must not quietly mean "it did not happen": that takes an explicit 0 hours and 0 minutes.
        for name in ("hours", "minutes"):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _(
                "Enter the hours and minutes; 0 and 0 if it did not happen."
            )
        self.fields["hours"].label = _("Corrected hours")
        self.fields["hours"].help_text = _("Enter 0 hours and 0 minutes if the exchange did not happen.")
        self.fields["minutes"].label = _("Corrected minutes")


class BrokeredForm(DurationMixin, IdempotentForm):
    provider = forms.ChoiceField(
        label=_("Who gave the help"), error_messages={"required": _("Choose who gave the help.")}
    )
    receiver = forms.ChoiceField(
        label=_("Who received the help"), error_messages={"required": _("Choose who received the help.")}
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, error_messages={"required": _("Choose a category.")}
    )
    title = forms.CharField(
        label=_("What was the help?"),
        max_length=120,
        error_messages={"required": _("Say briefly what the help was, up to 120 characters.")},
    )
    occurred_on = forms.DateField(
        label=_("Date the help was given"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date the help was given."),
            "invalid": _("Enter the date the help was given."),
        },
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=300)
    needs_check = forms.BooleanField(label=_("This work needs a background check"), required=False)

    def __init__(self, *args, parties=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        empty = [("", _("Choose a person or organisation"))]
        self.fields["provider"].choices = empty + list(parties)
        self.fields["receiver"].choices = empty + list(parties)
        self.fields["category"].choices = [("", _("Choose a category"))] + [(c.pk, c.name) for c in categories]


class GroupExchangeForm(DurationMixin, IdempotentForm):
    mode = forms.ChoiceField(
        label=_("Kind of group exchange"),
        widget=forms.RadioSelect,
        choices=GroupExchange.Mode.choices,
        error_messages={"required": _("Choose one provider with many receivers, or many providers with one receiver.")},
    )
    one = forms.ChoiceField(
        label=_("The one person or organisation"),
        error_messages={"required": _("Choose the one person or organisation on the single side.")},
    )
    many = forms.MultipleChoiceField(
        label=_("The people on the other side"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each of them gives or receives the hours below."),
        error_messages={"required": _("Add at least two people on the other side, and no more than 200.")},
    )
    category = forms.TypedChoiceField(
        label=_("Category"), coerce=int, error_messages={"required": _("Choose a category.")}
    )
    title = forms.CharField(
        label=_("What happened?"),
        max_length=120,
        error_messages={"required": _("Say briefly what the help was, up to 120 characters.")},
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date the help was given."),
            "invalid": _("Enter the date the help was given."),
        },
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=300)
    needs_check = forms.BooleanField(label=_("This work needs a background check"), required=False)

    def __init__(self, *args, parties=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["one"].choices = [("", _("Choose a person or organisation")), *list(parties)]
        self.fields["many"].choices = list(parties)
        self.fields["category"].choices = [("", _("Choose a category"))] + [(c.pk, c.name) for c in categories]


class DonateForm(DurationMixin, IdempotentForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class AllocateForm(DurationMixin, IdempotentForm):
    recipient = forms.ChoiceField(
        label=_("Who receives the hours"),
        error_messages={"required": _("Choose who receives the hours: a member or an organisation.")},
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        error_messages={"required": _("Say why these hours are given, for the fund's record.")},
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [("", _("Choose a person or organisation")), *list(parties)]


class CategoryForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("Enter a name for the category, up to 80 characters.")},
    )
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=300)


class CategoryEditForm(CategoryForm):
    is_archived = forms.BooleanField(label=_("Archived: no new listings in this category"), required=False)


class PreferenceForm(forms.Form):
    weekly_digest = forms.BooleanField(label=_("Send me a weekly email of new offers and requests"), required=False)


class ImportForm(forms.Form):
    members = forms.FileField(label=_("Members (CSV, optional)"), required=False)
    listings = forms.FileField(label=_("Listings (CSV, optional)"), required=False)
    transfers = forms.FileField(label=_("Transfers (CSV, optional)"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("members", "listings", "transfers")):
            raise forms.ValidationError(_("Choose at least one file to import."))
        return data
