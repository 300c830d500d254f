from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coproduce.assessment.domain import DONT_KNOW, DONT_KNOW_LABEL, Band, Perspective, Rating
from coproduce.assessment.selectors import QuestionSection
from coproduce.assessment.services import AnswerInput
from coproduce.communities.models import Membership
from coproduce.coproduction.domain import Principle

# format_lazy keeps the labels in the language of each request, not the one active at import.
RATING_CHOICES = [(str(r.value), format_lazy("{} – {}", r.value, r.label)) for r in Rating] + [
    (DONT_KNOW, DONT_KNOW_LABEL)
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RoundOpenForm(forms.Form):
    service: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Service"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Choose the service this round is about."),
            "invalid_choice": _("Choose the service this round is about."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("For example: Spring review"),
        error_messages={"required": _("Enter a title for the round.")},
    )
    period_start = forms.DateField(
        label=_("First day of the period"),
        widget=DateInput(),
        help_text=_("Indicators from activity on the platform are computed for this period."),
        error_messages={"required": _("Enter the first day of the period."), "invalid": _("Enter a real date.")},
    )
    period_end = forms.DateField(
        label=_("Last day of the period"),
        widget=DateInput(),
        error_messages={"required": _("Enter the last day of the period."), "invalid": _("Enter a real date.")},
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Invite every active member who is"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Membership.Kind.choices,
        help_text=_(
            "Professionals get the statements written for staff; everyone else the ones for people who use the service."
        ),
    )
    members = forms.MultipleChoiceField(
        label=_("Or choose people"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(m.pk), f"{m.display_name} ({m.get_kind_display()})") for m in candidates]


class LinkForm(forms.Form):
    perspective = forms.ChoiceField(
        label=_("Who is the link for?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who the link is for: professionals, or people who use the service.")},
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: do not ask for or keep any name"),
        required=False,
        initial=True,
    )


class LinkStartForm(forms.Form):
    name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)


class QuestionnaireForm(forms.Form):
    """Radios 1–5 plus "don't know" for every statement, and optional evidence. Nothing is required here:
    a draft may be partial, and the service decides what a complete answer is when it is sent."""

    def __init__(self, *args, sections: list[QuestionSection], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for section in sections:
            rows = []
            for item in section.items:
                initial = DONT_KNOW if item.dont_know else (str(item.rating) if item.rating else None)
                self.fields[f"answer_{item.code}"] = forms.ChoiceField(
                    label=item.text,
                    choices=RATING_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=initial,
                )
                self.fields[f"evidence_{item.code}"] = forms.CharField(
                    label=_("What shows this? (optional)"),
                    required=False,
                    initial=item.evidence_text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("An example, a number or a story. Please do not name other people."),
                )
                self.fields[f"link_{item.code}"] = forms.CharField(
                    label=_("Link to evidence (optional)"),
                    required=False,
                    initial=item.evidence_url,
                    widget=forms.URLInput(),
                )
                rows.append(
                    (item, self[f"answer_{item.code}"], self[f"evidence_{item.code}"], self[f"link_{item.code}"])
                )
            self.sections.append((section, rows))

    def answers(self) -> list[AnswerInput]:
        result = []
        for _section, rows in self.sections:
            for item, *_fields in rows:
                choice = self.cleaned_data.get(f"answer_{item.code}") or ""
                result.append(
                    AnswerInput(
                        code=item.code,
                        rating=int(choice) if choice.isdigit() else None,
                        dont_know=choice == DONT_KNOW,
                        evidence_text=self.cleaned_data.get(f"evidence_{item.code}", ""),
                        evidence_url=self.cleaned_data.get(f"link_{item.code}", ""),
                    )
                )
        return result


class CommunityStatementForm(forms.Form):
    principle = forms.ChoiceField(label=_("Principle"), choices=Principle.choices)
    professional_text = forms.CharField(
        label=_("Wording for professionals"),
        max_length=300,
        help_text=_("For example: I ask people what they can do for others."),
        error_messages={"required": _("Enter the wording for professionals.")},
    )
    user_text = forms.CharField(
        label=_("Wording for people who use the service"),
        max_length=300,
        help_text=_("For example: Staff ask me what I can do for others."),
        error_messages={"required": _("Enter the wording for people who use the service.")},
    )


class NextStepsForm(forms.Form):
    """One box per principle and band. Empty means "use the suggested step"."""

    def __init__(self, *args, table: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for principle in Principle:
            cells = []
            for band in Band:
                text, own = table.get((principle.value, band.value), ("", False))
                name = f"step_{principle.value}_{band.value}"
                self.fields[name] = forms.CharField(
                    label=band.label,
                    required=False,
                    max_length=2000,
                    initial=text if own else "",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_("Suggested: %(text)s") % {"text": text}
                    if not own
                    else _("Your own wording. Empty it to go back to the suggested step."),
                )
                cells.append(self[name])
            self.groups.append((principle, cells))

    def texts(self) -> dict[tuple[str, str], str]:
        return {
            (p.value, b.value): self.cleaned_data.get(f"step_{p.value}_{b.value}", "") for p in Principle for b in Band
        }
