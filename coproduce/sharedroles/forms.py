import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.sharedroles.models import Area, CommitteeDecision, PlaceRole, RiskLevel, Supervision

DECISION_ROWS = 4


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CommunityForm(forms.Form):
    """A form whose date-times are the wall-clock time of the community, whatever the server's zone."""

    local_datetime_fields: tuple[str, ...] = ()

    def __init__(self, *args, community, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        tz = zoneinfo.ZoneInfo(self.community.timezone)
        for name in self.local_datetime_fields:
            value = data.get(name)
            if value is not None:
                data[name] = timezone.make_aware(timezone.make_naive(value), tz)
        return data


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name of the role"), max_length=120, error_messages={"required": _("Enter a name.")})
    description = forms.CharField(
        label=_("What the role involves"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    supervision = forms.ChoiceField(
        label=_("Supervision"),
        choices=Supervision.choices,
        widget=forms.RadioSelect,
        help_text=_("Alongside staff and staff-led roles need a member of staff on every shift."),
    )
    is_personal_care = forms.BooleanField(
        label=_("This is personal or clinical care"),
        required=False,
        help_text=_("Personal and clinical care is never a resident or family role."),
    )
    allow_residents = forms.BooleanField(label=_("Residents may take it"), required=False)
    allow_families = forms.BooleanField(label=_("Family members may take it"), required=False)
    allow_staff = forms.BooleanField(label=_("Staff may take it"), required=False)
    allow_volunteers = forms.BooleanField(label=_("Volunteers may take it"), required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ShiftForm(CommunityForm):
    local_datetime_fields = ("starts_at", "ends_at")

    template_id = forms.TypedChoiceField(label=_("Role"), coerce=int, error_messages={"required": _("Choose a role.")})
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=LocalDateTimeInput(),
        error_messages={
            "required": _("Enter when the shift starts."),
            "invalid": _("Enter a date and time, like 2026-03-02 10:00."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=LocalDateTimeInput(),
        error_messages={
            "required": _("Enter when the shift ends."),
            "invalid": _("Enter a date and time, like 2026-03-02 12:00."),
        },
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=50,
        initial=3,
        error_messages={"required": _("Enter how many people the shift needs.")},
    )
    location = forms.CharField(label=_("Where (optional)"), required=False, max_length=120)
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_id"].choices = [("", _("Choose a role"))] + [(t.pk, t.name) for t in templates]


class SignupForOtherForm(forms.Form):
    membership_id = forms.TypedChoiceField(
        label=_("Person to sign up"), coerce=int, error_messages={"required": _("Choose a person.")}
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_id"].choices = [("", _("Choose a person"))] + [
            (p.membership.pk, f"{p.membership.display_name} ({p.place_role_label or _('role not recorded')})")
            for p in people
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the shift cancelled?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason, so those signed up know why.")},
    )


class RecordShiftForm(forms.Form):
    """One minutes box per person signed up (empty or 0: did not come), plus one for someone who came instead."""

    extra_membership_id = forms.TypedChoiceField(
        label=_("Someone else who worked (optional)"), coerce=int, required=False, empty_value=None
    )
    extra_minutes = forms.IntegerField(label=_("Their minutes"), required=False, min_value=1, max_value=1440)
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, crew, people, default_minutes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.crew_fields = []
        for member in crew:
            name = f"minutes_{member.membership_id}"
            self.fields[name] = forms.IntegerField(
                label=_("Minutes worked by %(name)s (%(role)s)")
                % {"name": member.name, "role": member.place_role_label},
                required=False,
                min_value=0,
                max_value=1440,
                initial=default_minutes,
                help_text=_("Enter 0 if they did not come."),
            )
            self.crew_fields.append((member.membership_id, name))
        crew_ids = {m.membership_id for m in crew}
        self.fields["extra_membership_id"].choices = [("", _("No one else"))] + [  # type: ignore[attr-defined]
            (p.membership.pk, p.membership.display_name) for p in people if p.membership.pk not in crew_ids
        ]
        self.order_fields([name for _pk, name in self.crew_fields] + ["extra_membership_id", "extra_minutes", "notes"])

    def clean(self):
        data = super().clean()
        if data.get("extra_membership_id") and not data.get("extra_minutes"):
            self.add_error("extra_minutes", _("Enter how many minutes they worked."))
        return data

    def worked(self) -> list[tuple[int, int]]:
        rows = [(pk, self.cleaned_data.get(name) or 0) for pk, name in self.crew_fields]
        if self.cleaned_data.get("extra_membership_id"):
            rows.append((self.cleaned_data["extra_membership_id"], self.cleaned_data["extra_minutes"]))
        return [(pk, minutes) for pk, minutes in rows if minutes]


class PlaceRoleForm(forms.Form):
    place_role = forms.ChoiceField(label=_("Role in this place"), choices=PlaceRole.choices)


class SettingsForm(forms.Form):
    credits_enabled = forms.BooleanField(label=_("Hours worked on shifts earn time credits"), required=False)
    credit_staff = forms.BooleanField(
        label=_("Staff earn credits too"),
        required=False,
        help_text=_(
            "Staff are usually paid for their hours, so by default only residents, families and volunteers earn credits."
        ),
    )


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, error_messages={"required": _("Enter a name.")})
    purpose = forms.CharField(
        label=_("Purpose (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    member_ids = forms.TypedMultipleChoiceField(
        label=_("Members"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    chair_id = forms.TypedChoiceField(label=_("Chair (optional)"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (p.membership.pk, f"{p.membership.display_name} ({p.place_role_label or _('role not recorded')})")
            for p in people
        ]
        self.fields["member_ids"].choices = choices
        self.fields["chair_id"].choices = [("", _("No chair yet")), *choices]


class CommitteeMemberForm(forms.Form):
    membership_id = forms.TypedChoiceField(
        label=_("Add a member"), coerce=int, error_messages={"required": _("Choose a person.")}
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_id"].choices = [("", _("Choose a person"))] + [
            (p.membership.pk, p.membership.display_name) for p in people
        ]


class ChairForm(forms.Form):
    membership_id = forms.TypedChoiceField(
        label=_("Chair"), coerce=int, error_messages={"required": _("Choose a person.")}
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership_id"].choices = [("", _("Choose a member"))] + [
            (m.membership_id, m.membership.display_name) for m in members
        ]


class MeetingForm(CommunityForm):
    local_datetime_fields = ("held_at",)

    held_at = forms.DateTimeField(
        label=_("When was the meeting?"),
        widget=LocalDateTimeInput(),
        error_messages={
            "required": _("Enter when the meeting was held."),
            "invalid": _("Enter a date and time, like 2026-03-02 14:00."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=1,
        max_value=1440,
        initial=60,
        error_messages={"required": _("Enter how long the meeting lasted.")},
    )
    attendee_ids = forms.TypedMultipleChoiceField(
        label=_("Who came?"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one member who came.")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee_ids"].choices = [(m.membership_id, m.membership.display_name) for m in members]
        outcome_choices = [("", _("No decision")), *list(CommitteeDecision.Outcome.choices)]
        for i in range(1, DECISION_ROWS + 1):
            self.fields[f"decision_{i}_text"] = forms.CharField(
                label=_("Proposal %(n)s (optional)") % {"n": i},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"decision_{i}_outcome"] = forms.ChoiceField(
                label=_("Outcome of proposal %(n)s") % {"n": i}, required=False, choices=outcome_choices
            )

    def clean(self):
        data = super().clean()
        for i in range(1, DECISION_ROWS + 1):
            text, outcome = data.get(f"decision_{i}_text"), data.get(f"decision_{i}_outcome")
            if text and not outcome:
                self.add_error(f"decision_{i}_outcome", _("Choose adopted or declined."))
            if outcome and not text:
                self.add_error(f"decision_{i}_text", _("Write what was proposed."))
        return data

    def decisions(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"decision_{i}_text"], self.cleaned_data[f"decision_{i}_outcome"])
            for i in range(1, DECISION_ROWS + 1)
            if self.cleaned_data.get(f"decision_{i}_text")
        ]
