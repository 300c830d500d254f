import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.panels.models import OffenceCategory, ReferralSource, ReReferralCheck, SanctionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Enter a real date, like 2026-03-02.")}


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def people_choices(memberships, empty: str) -> list:
    return [("", empty)] + [(m.pk, m.display_name) for m in memberships]


class ReferralForm(forms.Form):
    referral_source = forms.ChoiceField(
        label=_("Who referred the young person?"),
        choices=ReferralSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who referred the young person.")},
    )
    organisation_id = forms.TypedChoiceField(
        label=_("Referring organisation (optional)"), coerce=int, required=False, empty_value=None
    )
    referrer_name = forms.CharField(
        label=_("Name of the referrer"),
        max_length=150,
        error_messages={"required": _("Enter the name of the person who made the referral.")},
    )
    referrer_email = forms.EmailField(
        label=_("Referrer's email (optional)"),
        required=False,
        help_text=_("They are told when the case is completed or returned."),
    )
    first_name = forms.CharField(
        label=_("Young person's first name"),
        max_length=80,
        error_messages={"required": _("Enter the young person's first name.")},
    )
    last_name = forms.CharField(
        label=_("Young person's last name"),
        max_length=80,
        error_messages={"required": _("Enter the young person's last name.")},
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=DATE,
        error_messages={**DATE_ERRORS, "required": _("Enter the young person's date of birth.")},
    )
    school = forms.CharField(label=_("School (optional)"), required=False, max_length=150)
    address = forms.CharField(
        label=_("Address (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_phone = forms.CharField(label=_("Young person's phone (optional)"), required=False, max_length=40)
    guardian_name = forms.CharField(label=_("Parent or guardian (optional)"), required=False, max_length=150)
    guardian_email = forms.EmailField(label=_("Parent or guardian's email (optional)"), required=False)
    guardian_phone = forms.CharField(label=_("Parent or guardian's phone (optional)"), required=False, max_length=40)
    offence_category = forms.ChoiceField(label=_("Offence"), choices=OffenceCategory.choices)
    offence_date = forms.DateField(
        label=_("Date of the offence (optional)"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    offence_summary = forms.CharField(
        label=_("What happened (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    previous_offences = forms.IntegerField(
        label=_("Number of previous offences"),
        min_value=0,
        max_value=99,
        initial=0,
        error_messages={"required": _("Enter the number of previous offences.")},
    )
    offence_violent = forms.BooleanField(label=_("The offence involved violence or a weapon"), required=False)
    responsibility_admitted = forms.BooleanField(label=_("The young person admits responsibility"), required=False)
    panel_question = forms.CharField(
        label=_("What the panel must decide (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Jurors see this, the first name and the kind of offence; nothing else."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"].choices = [("", _("None"))] + [(o.pk, o.name) for o in organisations]


class IntakeForm(forms.Form):
    young_person_consent = forms.BooleanField(
        label=_("The young person agrees to have their case heard by the court"), required=False
    )
    guardian_consent = forms.BooleanField(label=_("A parent or guardian agrees"), required=False)
    guardian_name = forms.CharField(
        label=_("Name of the parent or guardian who agreed"), required=False, max_length=150
    )
    consent_on = forms.DateField(label=_("Date of consent"), required=False, widget=DATE, error_messages=DATE_ERRORS)
    respondent_id = forms.TypedChoiceField(
        label=_("The young person's membership"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty to add them as a member you act for, shown by first name and initial."),
    )
    panel_question = forms.CharField(
        label=_("What the panel must decide"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent_id"].choices = people_choices(people, _("Add them as a new member"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason; it is kept with the case.")},
    )


class ReinstateForm(ReasonForm):
    due_on = forms.DateField(
        label=_("New due date"), widget=DATE, error_messages={**DATE_ERRORS, "required": _("Enter the new due date.")}
    )


class ScheduleForm(forms.Form):
    hearing_id = forms.TypedChoiceField(
        label=_("Hearing"), coerce=int, error_messages={"required": _("Choose a hearing.")}
    )

    def __init__(self, *args, hearings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing_id"].choices = [("", _("Choose a hearing"))] + [
            (
                h.pk,
                timezone.localtime(h.scheduled_for).strftime("%A %d %B %Y, %H:%M")
                + (f" – {h.location}" if h.location else ""),
            )
            for h in hearings
        ]


class SentenceForm(forms.Form):
    """The sanctions a jury may give, one field each, so the form works without JavaScript."""

    jury_duty = forms.IntegerField(
        label=_("Jury terms"),
        min_value=1,
        max_value=12,
        initial=2,
        help_text=_("Jury duty is part of every sentence."),
        error_messages={"required": _("Enter at least one jury term.")},
    )
    community_service = forms.IntegerField(
        label=_("Community service hours (optional)"), required=False, min_value=1, max_value=100
    )
    community_service_detail = forms.CharField(label=_("Where or what (optional)"), required=False, max_length=300)
    apology = forms.BooleanField(label=_("Apology"), required=False)
    apology_detail = forms.CharField(label=_("To whom (optional)"), required=False, max_length=300)
    essay = forms.BooleanField(label=_("Essay"), required=False)
    essay_detail = forms.CharField(label=_("Essay topic (optional)"), required=False, max_length=300)
    class_sessions = forms.IntegerField(
        label=_("Class or workshop sessions (optional)"), required=False, min_value=1, max_value=10
    )
    class_detail = forms.CharField(label=_("Which class (optional)"), required=False, max_length=300)
    restitution = forms.BooleanField(label=_("Restitution"), required=False)
    restitution_detail = forms.CharField(
        label=_("What is to be repaid or repaired (optional)"), required=False, max_length=300
    )
    due_on = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=DATE,
        error_messages=DATE_ERRORS,
        help_text=_("Empty: the court's usual period."),
    )

    def sanctions(self) -> list[tuple[str, int, str]]:
        data = self.cleaned_data
        rows = [(SanctionKind.JURY_DUTY.value, data["jury_duty"], "")]
        if data.get("community_service"):
            rows.append(
                (
                    SanctionKind.COMMUNITY_SERVICE.value,
                    data["community_service"],
                    data.get("community_service_detail", ""),
                )
            )
        if data.get("class_sessions"):
            rows.append((SanctionKind.CLASS.value, data["class_sessions"], data.get("class_detail", "")))
        for kind in ("apology", "essay", "restitution"):
            if data.get(kind):
                rows.append((kind, 1, data.get(f"{kind}_detail", "")))
        return rows


class ProgressForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Amount done"), min_value=1, max_value=200, error_messages={"required": _("Enter how much was done.")}
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class ReReferralForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Check"), coerce=int, choices=[(6, _("6 months")), (12, _("12 months"))], widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("Was the young person referred again?"),
        choices=ReReferralCheck.Outcome.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class HearingForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label=_("When"),
        widget=LocalDateTimeInput(),
        error_messages={
            "required": _("Enter the date and time of the hearing."),
            "invalid": _("Enter a date and time, like 2026-03-02 17:00."),
        },
    )
    location = forms.CharField(label=_("Where (optional)"), required=False, max_length=120)
    presiding_id = forms.TypedChoiceField(
        label=_("Presiding adult"), coerce=int, error_messages={"required": _("Choose the presiding adult.")}
    )

    def __init__(self, *args, community, presiding, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)
        self.fields["presiding_id"].choices = people_choices(presiding, _("Choose a professional"))

    def clean_scheduled_for(self):
        value = self.cleaned_data["scheduled_for"]
        return timezone.make_aware(timezone.make_naive(value), zoneinfo.ZoneInfo(self.community.timezone))


class PersonForm(forms.Form):
    membership_id = forms.TypedChoiceField(
        label=_("Person"), coerce=int, error_messages={"required": _("Choose a person.")}
    )

    def __init__(self, *args, people, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["membership_id"].label = label
        self.fields["membership_id"].choices = people_choices(people, _("Choose a person"))


class HearingRecordForm(forms.Form):
    duration_minutes = forms.IntegerField(
        label=_("Length of the hearing in minutes"),
        min_value=1,
        max_value=1440,
        initial=120,
        error_messages={"required": _("Enter how long it lasted.")},
    )
    attended_juror_ids = forms.TypedMultipleChoiceField(
        label=_("Jurors who sat"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    heard_case_ids = forms.TypedMultipleChoiceField(
        label=_("Cases heard"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one case that was heard.")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, jurors, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended_juror_ids"].choices = [(j.membership_id, j.membership.display_name) for j in jurors]
        self.fields["heard_case_ids"].choices = [(c.pk, f"{c.reference} {c.first_name}") for c in cases]


class SettingsForm(forms.Form):
    min_age = forms.IntegerField(label=_("Youngest age heard"), min_value=8, max_value=25)
    max_age = forms.IntegerField(label=_("Oldest age heard"), min_value=8, max_value=25)
    max_previous_offences = forms.IntegerField(
        label=_("Previous offences allowed"),
        min_value=0,
        max_value=10,
        help_text=_("1 means first and second offences."),
    )
    sentence_days = forms.IntegerField(label=_("Days to complete a sentence"), min_value=7, max_value=365)
    reminder_days = forms.IntegerField(label=_("Remind this many days before the due date"), min_value=0, max_value=60)
    min_jurors = forms.IntegerField(label=_("Jurors needed for a hearing"), min_value=1, max_value=12)
    foreperson_min_juries = forms.IntegerField(label=_("Juries served before leading one"), min_value=0, max_value=20)
