from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Membership


class JoinForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How are you involved?"), choices=Membership.Kind.choices, widget=forms.RadioSelect,
        initial=Membership.Kind.CITIZEN,
        error_messages={"required": _("Choose whether you use services or work in them.")},
    )
    message = forms.CharField(
        label=_("Why would you like to join? (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
