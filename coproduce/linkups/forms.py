"""Web forms of the programme. They only parse input; the rules live in the service functions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.communities.models import Check
from coproduce.linkups.models import (
    PLANNED_WEEKS,
    Availability,
    HouseholdExperience,
    HouseholdMember,
    HouseholdRole,
    Theme,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class HouseholdForm(forms.Form):
    name = forms.CharField(
        label=_("Family name"),
        max_length=120,
        help_text=_("How the family likes to be known, like “the Haddad family”."),
    )
    role = forms.ChoiceField(
        label=_("How is the family taking part?"),
        choices=HouseholdRole.choices,
        widget=forms.RadioSelect,
        initial=HouseholdRole.SEEKING,
    )
    role_since = forms.DateField(label=_("Since"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    languages = forms.CharField(
        label=_("Languages spoken at home"),
        required=False,
        max_length=400,
        help_text=_("Separate languages with commas, for example: Arabic, English."),
    )
    neighbourhood = forms.CharField(label=_("Neighbourhood"), required=False, max_length=120)
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=8,
        decimal_places=5,
        help_text=_("An approximate location, such as the middle of the family's street, to suggest families nearby."),
    )
    longitude = forms.DecimalField(label=_("Longitude (optional)"), required=False, max_digits=8, decimal_places=5)
    availability = forms.MultipleChoiceField(
        label=_("When is the family usually free?"),
        required=False,
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sharing_capacity = forms.IntegerField(
        label=_("Seeking families supported at once"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("For sharing families: usually 1, at most 5."),
    )
    about = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["role"]
            del self.fields["role_since"]


class PersonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Adult or child"), choices=HouseholdMember.Kind.choices, widget=forms.RadioSelect)
    membership_id = forms.TypedChoiceField(
        label=_("Community member (adults)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Adults who take part should be community members, so their training, checks and time are recorded."
        ),
    )
    name = forms.CharField(
        label=_("Name"), required=False, max_length=150, help_text=_("Not needed when you choose a member.")
    )
    age = forms.IntegerField(label=_("Age (children)"), required=False, min_value=0, max_value=120)
    birth_year = forms.IntegerField(
        label=_("Or year of birth"),
        required=False,
        min_value=1900,
        max_value=2999,
        help_text=_("Give either the age or the year of birth."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_id"].choices = [("", _("Not a community member"))] + [
            (m.pk, f"{m.user.name} (#{m.member_number})") for m in members
        ]


class ExperienceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HouseholdExperience.Kind.choices, widget=forms.RadioSelect)
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("Choose a theme")), *Theme.choices])
    description = forms.CharField(
        label=_("In the family's words"),
        max_length=200,
        help_text=_("For example: school exclusion, or budgeting on a low income."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("How does the family take part now?"), choices=HouseholdRole.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label=_("From"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class CheckForm(forms.Form):
    person_id = forms.TypedChoiceField(label=_("Adult"), coerce=int)
    kind = forms.ChoiceField(label=_("What was checked"), choices=Check.Kind.choices, widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("Outcome"), choices=Check.Status.choices, widget=forms.RadioSelect)
    checked_on = forms.DateField(label=_("Date of the check or training"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False, widget=DATE)

    def __init__(self, *args, adults=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_id"].choices = [("", _("Choose an adult"))] + [
            (p.pk, f"{p.name} – {p.household.name}") for p in adults
        ]


class LinkUpForm(forms.Form):
    coach_id = forms.TypedChoiceField(label=_("Coach"), coerce=int)
    planned_weeks = forms.TypedChoiceField(
        label=_("Planned length"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(w, _("%(weeks)s weeks") % {"weeks": w}) for w in PLANNED_WEEKS],
        initial=10,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=DATE, help_text=_("Leave empty for today.")
    )
    seeking_consent = forms.TypedChoiceField(label=_("Who in the seeking family agreed?"), coerce=int)
    seeking_consent_on = forms.DateField(label=_("When did they agree?"), widget=DATE)
    sharing_consent = forms.TypedChoiceField(label=_("Who in the sharing family agreed?"), coerce=int)
    sharing_consent_on = forms.DateField(label=_("When did they agree?"), widget=DATE)

    def __init__(self, *args, coaches=(), seeking_adults=(), sharing_adults=(), suggested_coach=None, **kwargs):
        kwargs.setdefault("initial", {})
        today = timezone.localdate()
        kwargs["initial"].setdefault("seeking_consent_on", today)
        kwargs["initial"].setdefault("sharing_consent_on", today)
        if suggested_coach is not None:
            kwargs["initial"].setdefault("coach_id", suggested_coach.pk)
        super().__init__(*args, **kwargs)
        self.fields["coach_id"].choices = [("", _("Choose a coach"))] + [(c.pk, c.user.name) for c in coaches]
        self.fields["seeking_consent"].choices = [("", _("Choose an adult"))] + [(p.pk, p.name) for p in seeking_adults]
        self.fields["sharing_consent"].choices = [("", _("Choose an adult"))] + [(p.pk, p.name) for p in sharing_adults]
        for name in ("seeking_consent", "sharing_consent"):
            self.fields[name].error_messages["required"] = _("Choose who in the family agreed to the link-up.")


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("The goal, in the family's own words"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the goal in the family's own words.")},
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes (for reporting only)"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.IntegerField(
        label=_("Length of the goal-setting session in minutes (optional)"),
        required=False,
        min_value=0,
        max_value=1440,
        help_text=_("Counts the session as planning done by the family, with the coach facilitating."),
    )


class CheckInForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("When"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    minutes = forms.IntegerField(label=_("How long (minutes)"), min_value=1, max_value=1440, initial=60)
    coach_minutes = forms.IntegerField(
        label=_("Coach's time (minutes, optional)"),
        required=False,
        min_value=0,
        max_value=1440,
        help_text=_("Leave empty if the coach was there throughout; 0 if the coach was not there."),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, goals=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault(
            "occurred_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.goal_fields = []
        for goal in goals:
            name = f"rating_{goal.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Progress on: %(goal)s") % {"goal": goal.text},
                required=False,
                min_value=0,
                max_value=10,
                help_text=_("0 is not started, 10 is there."),
            )
            self.goal_fields.append((goal.pk, name))

    def ratings(self) -> dict[int, int]:
        return {
            goal_id: self.cleaned_data[name]
            for goal_id, name in self.goal_fields
            if self.cleaned_data.get(name) is not None
        }


class ExtendForm(forms.Form):
    weeks = forms.IntegerField(label=_("Weeks to add"), min_value=1, max_value=30, initial=10)
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=2000)


class CompleteForm(forms.Form):
    on = forms.DateField(label=_("Completed on"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)


class EndEarlyForm(forms.Form):
    on = forms.DateField(label=_("Ended on"), required=False, widget=DATE, help_text=_("Leave empty for today."))
    reason = forms.CharField(
        label=_("Why did the link-up end early?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the link-up ended early.")},
    )


class SettingsForm(forms.Form):
    coach_sharing_capacity = forms.IntegerField(label=_("Sharing families per coach"), min_value=1, max_value=200)
    coach_seeking_capacity = forms.IntegerField(label=_("Seeking families per coach"), min_value=1, max_value=200)
    max_distance_km = forms.IntegerField(label=_("Furthest distance worth suggesting (km)"), min_value=1, max_value=200)
    require_reference = forms.BooleanField(label=_("Sharing adults also need a reference"), required=False)
