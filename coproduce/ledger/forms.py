"""Forms parse and check the shape of input; the ledger's rules live in the service functions."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.ledger.services import MAX_TRANSFER_MINUTES

MINUTES_HINT = _("In minutes: 60 is one hour, 90 is an hour and a half.")


class _IdempotentForm(forms.Form):
    """Carries a key made when the form is first shown, so pressing the button twice posts once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class GrantForm(_IdempotentForm):
    DIRECTIONS = [
        ("to_account", _("From the community fund to this account")),
        ("to_fund", _("From this account to the community fund")),
    ]
    account = forms.TypedChoiceField(
        label=_("Account"), coerce=int, error_messages={"required": _("Choose an account.")}
    )
    direction = forms.ChoiceField(
        label=_("Which way?"),
        choices=DIRECTIONS,
        widget=forms.RadioSelect,
        initial="to_account",
        error_messages={"required": _("Choose which way the hours go.")},
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_TRANSFER_MINUTES,
        help_text=MINUTES_HINT,
        error_messages={
            "required": _("Enter the number of minutes."),
            "invalid": _("Enter a whole number of minutes."),
        },
    )
    memo = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("The account holder sees this on their statement."),
        error_messages={"required": _("Give a reason.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [("", _("Choose an account")), *[(a.pk, a.owner_name) for a in accounts]]


class LimitsForm(forms.Form):
    LIMITS = ("floor", "soft_floor", "soft_ceiling", "ceiling")
    _integer = {"invalid": _("Enter a whole number of minutes, or leave it empty.")}
    floor = forms.IntegerField(
        label=_("Lowest balance allowed"),
        required=False,
        max_value=0,
        error_messages=_integer,
        help_text=_("In minutes, zero or below; -720 lets the account go 12 hours below zero. Empty: no limit."),
    )
    soft_floor = forms.IntegerField(
        label=_("Tell a coordinator below"),
        required=False,
        error_messages=_integer,
        help_text=_("In minutes. Transfers still go through; the account is flagged. Empty: never."),
    )
    soft_ceiling = forms.IntegerField(
        label=_("Tell a coordinator above"),
        required=False,
        error_messages=_integer,
        help_text=_("In minutes. Transfers still go through; the account is flagged. Empty: never."),
    )
    ceiling = forms.IntegerField(
        label=_("Highest balance allowed"),
        required=False,
        min_value=0,
        error_messages=_integer,
        help_text=_("In minutes, zero or above. Empty: no limit."),
    )


class ReverseForm(_IdempotentForm):
    reason = forms.CharField(
        label=_("Why is this transfer being reversed?"),
        max_length=500,
        help_text=_("Both account holders see this on their statements."),
        error_messages={"required": _("Give a reason for the reversal.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FlagClearForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)
