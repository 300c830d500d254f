"""Our versions of allauth's sign-in and sign-up forms: plain labels, no placeholders, and a name on sign-up."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


def _drop_placeholders(form: forms.Form) -> None:
    # Placeholders vanish as people type and are often read as pre-filled values; labels and hints stay.
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _drop_placeholders(self)
        self.fields["login"].label = _("Email")
        self.fields["password"].label = _("Password")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class SignupForm(AllauthSignupForm):
    name = forms.CharField(label=_("Your name"), max_length=150, help_text=_("How other members will see you."),
                           error_messages={"required": _("Enter your name.")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))

    field_order = ["name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _drop_placeholders(self)
        self.fields["email"].label = _("Email")
        self.fields["password1"].label = _("Password")
        if "password2" in self.fields:
            self.fields["password2"].label = _("Confirm password")
        self.order_fields(self.field_order)

    def save(self, request):
        user = super().save(request)
        if user is not None and user.name != self.cleaned_data["name"].strip():
            user.name = self.cleaned_data["name"].strip()
            user.save(update_fields=["name"])
        return user
