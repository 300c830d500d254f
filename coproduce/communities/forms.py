"""Forms parse and check the shape of input; the rules live in the service functions."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Asset, Check, Community, Membership
from coproduce.communities.services import COMMUNITY_SETTINGS

KIND_REQUIRED = _("Choose whether you use services or work in them.")


class JoinForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How are you involved?"), choices=Membership.Kind.choices, widget=forms.RadioSelect,
        initial=Membership.Kind.CITIZEN, error_messages={"required": KIND_REQUIRED},
    )
    message = forms.CharField(
        label=_("Why would you like to join? (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, neighbourhood or what people offer"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Show"), required=False,
                             choices=[("", _("Everyone")), *Membership.Kind.choices])


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, error_messages={"required": _("Enter a name.")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    bio = forms.CharField(label=_("About me"), required=False, max_length=5000,
                          help_text=_("What you enjoy, what you can help with, what you would like help with."),
                          widget=forms.Textarea(attrs={"rows": 5}))
    neighbourhood = forms.CharField(label=_("Neighbourhood"), required=False, max_length=120)
    availability = forms.CharField(label=_("When are you usually available?"), required=False, max_length=200,
                                   help_text=_("For example: weekday mornings, Saturday afternoons."))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))


class AssetForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of thing is it?"), choices=Asset.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what kind of asset this is.")})
    title = forms.CharField(label=_("Title"), max_length=120, help_text=_("For example: gardening, Spanish, a car."),
                            error_messages={"required": _("Enter a title.")})
    description = forms.CharField(label=_("More detail (optional)"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Message to the applicant"), required=False, max_length=2000,
        help_text=_("Optional when approving. Needed when declining, so the applicant knows why."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OfflineMemberForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150, error_messages={"required": _("Enter a name.")})
    kind = forms.ChoiceField(label=_("How are they involved?"), choices=Membership.Kind.choices,
                             widget=forms.RadioSelect, initial=Membership.Kind.CITIZEN,
                             error_messages={"required": KIND_REQUIRED})
    email = forms.CharField(label=_("Email (optional)"), required=False, max_length=254,
                            help_text=_("Leave empty if they have no email address."))
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={"type": "tel"}))
    neighbourhood = forms.CharField(label=_("Neighbourhood (optional)"), required=False, max_length=120)
    availability = forms.CharField(label=_("Availability (optional)"), required=False, max_length=200)


class MembershipChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind of member"), choices=Membership.Kind.choices, widget=forms.RadioSelect)
    status = forms.ChoiceField(
        label=_("Status"), widget=forms.RadioSelect,
        choices=[(s, label) for s, label in Membership.Status.choices
                 if s in (Membership.Status.ACTIVE, Membership.Status.SUSPENDED, Membership.Status.LEFT)],
    )

    def __init__(self, *args, can_change_role: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not can_change_role:
            del self.fields["role"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CheckForm(forms.Form):
    membership = forms.TypedChoiceField(label=_("Member"), coerce=int, error_messages={"required": _("Choose a member.")})
    kind = forms.ChoiceField(label=_("Kind of check"), choices=Check.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": _("Choose the kind of check.")})
    status = forms.ChoiceField(label=_("Outcome"), choices=Check.Status.choices, widget=forms.RadioSelect,
                               initial=Check.Status.PASSED)
    title = forms.CharField(label=_("Description (optional)"), required=False, max_length=150,
                            help_text=_("For example: enhanced DBS, first aid course."))
    checked_on = forms.DateField(label=_("Date of the check (optional)"), required=False, widget=DateInput(),
                                 error_messages={"invalid": _("Enter a real date, like 2025-03-31.")})
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False, widget=DateInput(),
                                 error_messages={"invalid": _("Enter a real date, like 2025-03-31.")})
    notes = forms.CharField(label=_("Notes (optional)"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [("", _("Choose a member")), *members]  # type: ignore[attr-defined]


class CheckUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=Check.Status.choices, widget=forms.RadioSelect)
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False, widget=DateInput(),
                                 error_messages={"invalid": _("Enter a real date, like 2025-03-31.")})
    notes = forms.CharField(label=_("Notes (optional)"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, error_messages={"required": _("Enter a name.")})
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    contact_email = forms.CharField(label=_("Contact email (optional)"), required=False, max_length=254)


class CommunitySettingsForm(forms.Form):
    """The community's settings, labelled as the model labels them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Community, fields=COMMUNITY_SETTINGS))
        self.fields["description"].widget.attrs["rows"] = 4


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("What the token is for, like “weekly report script”."),
                           error_messages={"required": _("Enter a name.")})
    days = forms.IntegerField(label=_("Days until it expires (optional)"), required=False, min_value=1, max_value=3650,
                              initial=90, help_text=_("Leave empty for a token that does not expire."),
                              error_messages={"invalid": _("Enter a whole number of days."),
                                              "min_value": _("Enter at least 1 day."),
                                              "max_value": _("Enter at most 3650 days.")})
