"""Demo data for the youth court: a year of referrals, hearings with juries of former respondents, sentences and
their sanctions, re-referral checks, and cases left in every state for today.

The year is replayed through the service functions on a simulated clock (Django's `timezone.now` is moved
forward step by step), so every rule is checked as in use and every row carries the date it would have had.
A dozen young people whose cases were heard before the year began, and trained as jurors, start the first juries.
"""

import datetime as dt
import zoneinfo
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from coproduce.communities.models import Check, Membership
from coproduce.communities.services import check_record, membership_add_offline
from coproduce.core.errors import DomainError
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.panels import selectors, services
from coproduce.panels.models import Case, CaseStatus, Hearing, Sanction, SanctionKind

FIRST_NAMES = [
    "Aaliyah",
    "Ade",
    "Alfie",
    "Amir",
    "Ava",
    "Bilal",
    "Callum",
    "Chloe",
    "Connor",
    "Darius",
    "Demi",
    "Eden",
    "Ellis",
    "Eva",
    "Finn",
    "Gracie",
    "Harvey",
    "Ibrahim",
    "Isla",
    "Jayden",
    "Jess",
    "Kai",
    "Kayla",
    "Leon",
    "Lexi",
    "Liam",
    "Luca",
    "Maddie",
    "Malik",
    "Mia",
    "Nathan",
    "Nia",
    "Noah",
    "Olly",
    "Omar",
    "Poppy",
    "Reece",
    "Riley",
    "Rosie",
    "Ruby",
    "Ryan",
    "Sami",
    "Sienna",
    "Tariq",
    "Tia",
    "Tyler",
    "Zain",
    "Zara",
]
LAST_NAMES = [
    "Ahmed",
    "Baker",
    "Brown",
    "Clarke",
    "Cole",
    "Davis",
    "Edwards",
    "Ellis",
    "Green",
    "Hall",
    "Hussain",
    "Jackson",
    "James",
    "Khan",
    "Lewis",
    "Malik",
    "Moore",
    "Nowak",
    "Okoro",
    "Patel",
    "Price",
    "Reid",
    "Scott",
    "Shaw",
    "Taylor",
    "Walker",
    "Ward",
    "White",
    "Wood",
    "Young",
]
OFFENCES = (
    "theft",
    "theft",
    "theft",
    "damage",
    "damage",
    "disorder",
    "truancy",
    "trespass",
    "fare_evasion",
    "possession",
)
QUESTIONS = {
    "theft": "A fair sentence for taking things from a shop, and how to put it right with the shop.",
    "damage": "A fair sentence for spraying graffiti on the bus shelter, and how to repair the harm.",
    "disorder": "A fair sentence for shouting and throwing things at the bus station.",
    "truancy": "What would help this young person get back to school, and a fair sentence.",
    "trespass": "A fair sentence for climbing into the closed swimming pool at night.",
    "fare_evasion": "A fair sentence for travelling on the train without a ticket many times.",
    "possession": "A fair sentence for carrying cannabis at school.",
}
RETURN_REASONS = (
    "The family decided not to take part.",
    "The young person no longer admits responsibility.",
    "The family moved out of the area.",
)
HEARING_EVERY_DAYS = 14
LEGACY_GRADUATES = 12
HISTORY_DAYS = 364


class Clock:
    """The simulated time the services see while the year is replayed."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def set(self, when: dt.datetime) -> None:
        self.now = max(self.now, when)


@contextmanager
def simulated(clock: Clock):
    with mock.patch("django.utils.timezone.now", side_effect=lambda: clock.now):
        yield


def populate(ctx: DemoContext) -> None:
    for demo in ctx.by_kind("youth_court"):
        if selectors.is_in_use(community=demo.community):
            continue
        Court(ctx, demo).run()


class Court:
    def __init__(self, ctx: DemoContext, demo: DemoCommunity) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.demo = demo
        self.community = demo.community
        self.coordinator = demo.coordinator
        self.tz = zoneinfo.ZoneInfo(self.community.timezone)
        self.today = timezone.localtime(ctx.now, self.tz).date()
        self.first_day = self.today - dt.timedelta(days=HISTORY_DAYS)
        self.clock = Clock(self.at(self.first_day - dt.timedelta(days=60), 9))
        self.presiding = [m for m in demo.professionals if m.pk != self.coordinator.pk][:4] or [self.coordinator]
        self.organisations = {o.name: o for o in demo.organisations}
        self.names_used: set[str] = set()

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    # The story ------------------------------------------------------------------------------------------------

    def run(self) -> None:
        with simulated(self.clock):
            # At launch the court waived the foreperson's experience rule until juries had sat.
            services.settings_update(
                actor=self.coordinator, community=self.community, foreperson_min_juries=0, min_jurors=3
            )
            self.legacy_graduates()
            hearing_days = [self.first_day + dt.timedelta(days=d) for d in range(7, HISTORY_DAYS, HEARING_EVERY_DAYS)]
            day = self.first_day
            for _step in self.ctx.progress(range(HISTORY_DAYS), total=HISTORY_DAYS, desc="youth court: days"):
                self.clock.set(self.at(day, 9))
                if day == self.first_day + dt.timedelta(days=60):
                    services.settings_update(actor=self.coordinator, community=self.community, foreperson_min_juries=2)
                self.referrals(day)
                self.intakes(day)
                self.sentences(day)
                if day.weekday() == 0:
                    self.weekly_progress(day)
                    self.train_new_jurors(day)
                    self.rereferral_checks(day)
                    self.compliance(day)
                if day + dt.timedelta(days=6) in hearing_days:
                    self.prepare_hearing(day + dt.timedelta(days=6))
                if day in hearing_days:
                    self.hold_hearing(day)
                day += dt.timedelta(days=1)
            self.leave_today_in_every_state()

    def name(self) -> tuple[str, str]:
        while True:
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            if f"{first} {last}" not in self.names_used:
                self.names_used.add(f"{first} {last}")
                return first, last

    def birthday(self, day: dt.date) -> dt.date:
        return day - dt.timedelta(days=self.rng.randint(12 * 365 + 40, 17 * 365 - 40))

    def legacy_graduates(self) -> None:
        """Young people heard before the year began, trained as jurors, so the first juries can sit."""
        long_ago = self.first_day - dt.timedelta(days=60)
        old_hearing = Hearing.objects.create(
            community=self.community,
            scheduled_for=self.at(long_ago, 17),
            presiding=self.presiding[0],
            status=Hearing.Status.CANCELLED,
            notes="Heard before the court used this platform.",
        )
        member = next((m for m in self.demo.members if m.user.email == "member@example.org"), None)
        people: list[Membership] = []
        if member is not None:
            people.append(member)
        while len(people) < LEGACY_GRADUATES:
            first, last = self.name()
            people.append(
                membership_add_offline(actor=self.coordinator, community=self.community, name=f"{first} {last[0]}.")
            )
        for person in people:
            first = person.user.name.split()[0]
            number = Case.objects.filter(community=self.community).count() + 1
            Case.objects.create(
                community=self.community,
                number=number,
                status=CaseStatus.COMPLETED,
                referral_source="school",
                referrer_name="Northside Secondary School",
                first_name=first,
                last_name="(earlier case)",
                date_of_birth=self.birthday(self.first_day),
                offence_category=self.rng.choice(OFFENCES),
                responsibility_admitted=True,
                young_person_consent_on=long_ago,
                guardian_consent_on=long_ago,
                respondent=person,
                hearing=old_hearing,
                referred_at=self.at(long_ago, 10),
                closed_at=self.at(long_ago + dt.timedelta(days=50), 10),
                status_reason="Heard before the court used this platform.",
            )
            self.train(person, long_ago + dt.timedelta(days=20))

    def train(self, person: Membership, day: dt.date) -> None:
        check_record(
            actor=self.coordinator,
            community=self.community,
            membership=person,
            kind=Check.Kind.TRAINING,
            status=Check.Status.PASSED,
            title="Juror training",
            checked_on=day,
            expires_on=day + dt.timedelta(days=730),
        )

    # Each day -------------------------------------------------------------------------------------------------

    def referrals(self, day: dt.date) -> None:
        if day.weekday() >= 5 or self.rng.random() > 0.3:
            return
        self.clock.set(self.at(day, self.rng.randint(9, 15)))
        source = self.rng.choice(("school", "school", "police", "police", "other"))
        organisation = {
            "school": "Northside Secondary School",
            "police": "Northside Police",
            "other": "Youth Justice Service",
        }[source]
        first, last = self.name()
        offence = self.rng.choice(OFFENCES)
        recent = day > self.today - dt.timedelta(days=60)
        services.referral_create(
            actor=self.coordinator,
            community=self.community,
            referral_source=source,
            referrer_name={
                "school": "Ms Okafor, head of year",
                "police": "PC Daniel Reid",
                "other": "Sam Ellis, youth worker",
            }[source],
            # Only recent referrers get emails, so the demo does not leave a year of notices in the queue.
            referrer_email="referrals@northside.example.org" if recent else "",
            organisation_id=getattr(self.organisations.get(organisation), "pk", None),
            first_name=first,
            last_name=last,
            date_of_birth=self.birthday(day),
            offence_category=offence,
            previous_offences=self.rng.choice((0, 0, 0, 1)),
            offence_violent=False,
            responsibility_admitted=True,
            school="Northside Secondary School" if source == "school" else "",
            address=f"{self.rng.randint(1, 120)} {self.rng.choice(('Mill', 'Park', 'Station', 'Church'))} Road",
            guardian_name=f"{self.rng.choice(('Mum', 'Dad', 'Nan', 'Aunt'))} ({last})",
            guardian_phone=f"07700 900{self.rng.randint(0, 999):03d}",
            panel_question=QUESTIONS[offence],
            offence_date=day - dt.timedelta(days=self.rng.randint(5, 40)),
        )

    def intakes(self, day: dt.date) -> None:
        for case in Case.objects.filter(
            community=self.community, status=CaseStatus.REFERRAL, referred_at__lt=self.at(day, 0) - dt.timedelta(days=4)
        ).order_by("number"):
            self.clock.set(self.at(day, 11))
            if self.rng.random() < 0.1:
                services.case_return(
                    actor=self.coordinator,
                    community=self.community,
                    case_id=case.pk,
                    reason=self.rng.choice(RETURN_REASONS),
                )
            else:
                services.case_intake(
                    actor=self.coordinator,
                    community=self.community,
                    case_id=case.pk,
                    young_person_consent=True,
                    guardian_consent=True,
                )

    def prepare_hearing(self, day: dt.date) -> Hearing | None:
        self.clock.set(self.at(day - dt.timedelta(days=6), 10))
        waiting = list(Case.objects.filter(community=self.community, status=CaseStatus.INTAKE).order_by("number")[:3])
        if not waiting:
            return None
        hearing = services.hearing_create(
            actor=self.coordinator,
            community=self.community,
            scheduled_for=self.at(day, 17),
            presiding_id=self.rng.choice(self.presiding).pk,
            location="Northside Youth Court room",
        )
        for case in waiting:
            services.case_schedule(
                actor=self.coordinator, community=self.community, case_id=case.pk, hearing_id=hearing.pk
            )
        respondents = {c.respondent_id for c in waiting}
        candidates = [m for m in selectors.juror_candidates(community=self.community) if m.pk not in respondents]
        # Those serving a sentence come first: jury duty is part of it.
        candidates.sort(
            key=lambda m: (selectors.jury_duty_open(community=self.community, membership=m) is None, self.rng.random())
        )
        needed = selectors.settings_get(community=self.community).foreperson_min_juries
        leaders = [m for m in candidates if selectors.juries_served(community=self.community, membership=m) >= needed]
        if leaders:
            foreperson = self.rng.choice(leaders[:6])
            services.hearing_foreperson_set(
                actor=self.coordinator, community=self.community, hearing_id=hearing.pk, membership_id=foreperson.pk
            )
            candidates.remove(foreperson)
        for juror in candidates[: self.rng.randint(4, 6)]:
            services.hearing_juror_add(
                actor=self.coordinator, community=self.community, hearing_id=hearing.pk, membership_id=juror.pk
            )
        return hearing

    def hold_hearing(self, day: dt.date) -> None:
        hearing = Hearing.objects.filter(
            community=self.community, status=Hearing.Status.SCHEDULED, scheduled_for__date=day
        ).first()
        if hearing is None or hearing.foreperson_id is None:
            if hearing is not None:
                self.clock.set(self.at(day, 12))
                services.hearing_cancel(
                    actor=self.coordinator,
                    community=self.community,
                    hearing_id=hearing.pk,
                    reason="Not enough trained jurors were free.",
                )
            return
        self.clock.set(self.at(day, 20))
        jurors = list(hearing.jurors.values_list("membership_id", flat=True))
        came = [pk for pk in jurors if self.rng.random() < 0.9] or jurors
        cases = list(hearing.cases.filter(status=CaseStatus.HEARING_SCHEDULED).values_list("pk", flat=True))
        heard = [pk for pk in cases if self.rng.random() < 0.92] or cases[:1]
        try:
            services.hearing_record(
                actor=self.coordinator,
                community=self.community,
                hearing_id=hearing.pk,
                duration_minutes=self.rng.choice((90, 105, 120, 150)),
                attended_juror_ids=came,
                heard_case_ids=heard,
            )
        except DomainError:
            services.hearing_cancel(
                actor=self.coordinator, community=self.community, hearing_id=hearing.pk, reason="Too few jurors came."
            )
            return
        for pk in set(cases) - set(heard):
            services.case_postpone(
                actor=self.coordinator,
                community=self.community,
                case_id=pk,
                reason="The young person was ill on the day.",
            )

    def sentences(self, day: dt.date) -> None:
        if day > self.today - dt.timedelta(days=8):
            return  # the last hearing's sentences are still being written up: those cases stay "heard"
        for case in Case.objects.filter(
            community=self.community, status=CaseStatus.HEARD, hearing__scheduled_for__lt=self.at(day, 0)
        ).order_by("number"):
            self.clock.set(self.at(day, 10))
            rng = self.rng
            sanctions = [services.SanctionInput("jury_duty", rng.choice((1, 2, 2, 3)))]
            if rng.random() < 0.6:
                sanctions.append(
                    services.SanctionInput(
                        "community_service",
                        rng.choice((4, 6, 8, 10, 15)),
                        rng.choice(("Northside Food Bank", "Park clean-up")),
                    )
                )
            if rng.random() < 0.5:
                sanctions.append(services.SanctionInput("apology", 1, "A letter to the person harmed"))
            if rng.random() < 0.4:
                sanctions.append(services.SanctionInput("essay", 1, "What I have learned and who I affected"))
            if rng.random() < 0.2:
                sanctions.append(services.SanctionInput("class", rng.choice((1, 2)), "Decision-making workshop"))
            if rng.random() < 0.15:
                sanctions.append(services.SanctionInput("restitution", 1, "Repair or pay for the damage"))
            services.sentence_set(
                actor=self.coordinator,
                community=self.community,
                case_id=case.pk,
                sanctions=sanctions,
                due_on=day + dt.timedelta(days=rng.choice((60, 75, 90))),
            )

    # Each week ------------------------------------------------------------------------------------------------

    def weekly_progress(self, day: dt.date) -> None:
        self.clock.set(self.at(day, 16))
        for sanction in (
            Sanction.objects.filter(
                community=self.community, completed_at__isnull=True, sentence__case__status=CaseStatus.SENTENCE_ACTIVE
            )
            .exclude(kind=SanctionKind.JURY_DUTY)
            .select_related("sentence__case")
            .order_by("pk")
        ):
            # About one young person in eight drifts and stops doing the work (by case number, not database id,
            # so the story is the same whatever ids the database hands out).
            if sanction.sentence.case.number % 8 == 0:
                continue
            if self.rng.random() > 0.45:
                continue
            if sanction.kind == SanctionKind.COMMUNITY_SERVICE:
                amount = min(sanction.target - sanction.done, self.rng.choice((2, 3, 4)))
                services.sanction_progress_record(
                    actor=self.coordinator,
                    community=self.community,
                    sanction_id=sanction.pk,
                    amount=amount,
                    note="Placement",
                )
            else:
                services.sanction_complete(actor=self.coordinator, community=self.community, sanction_id=sanction.pk)

    def train_new_jurors(self, day: dt.date) -> None:
        """Young people are trained as jurors once their case is heard, so they can serve their jury duty."""
        self.clock.set(self.at(day, 18))
        heard = Case.objects.filter(
            community=self.community,
            status__in=[CaseStatus.SENTENCE_ACTIVE, CaseStatus.COMPLETED],
            respondent__isnull=False,
        )
        for case in heard.select_related("respondent").order_by("number"):
            person = case.respondent
            if person is None or selectors.is_trained(community=self.community, membership=person, on=day):
                continue
            if self.rng.random() < 0.8:
                self.train(person, day)

    def rereferral_checks(self, day: dt.date) -> None:
        self.clock.set(self.at(day, 12))
        for due in selectors.rereferral_checks_due(community=self.community, today=day):
            draw = self.rng.random()
            outcome = "yes" if draw < 0.13 else ("unknown" if draw < 0.25 else "no")
            services.rereferral_check_record(
                actor=self.coordinator,
                community=self.community,
                case_id=due.case.pk,
                months=due.months,
                outcome=outcome,
                checked_on=day,
            )

    def compliance(self, day: dt.date) -> None:
        self.clock.set(self.at(day, 13))
        for sentence in selectors.overdue_queue(community=self.community, today=day):
            if sentence.due_on > day - dt.timedelta(days=7):
                continue  # a week's grace before the coordinator acts
            services.case_mark_non_compliant(
                actor=self.coordinator,
                community=self.community,
                case_id=sentence.case_id,
                reason="Overdue and not in touch.",
            )
        for case in Case.objects.filter(
            community=self.community,
            status=CaseStatus.NON_COMPLIANT,
            events__to_status=CaseStatus.NON_COMPLIANT,
            events__created_at__lt=self.at(day, 0) - dt.timedelta(days=14),
        ).distinct().order_by("number"):
            if self.rng.random() < 0.5:
                services.case_reinstate(
                    actor=self.coordinator,
                    community=self.community,
                    case_id=case.pk,
                    due_on=day + dt.timedelta(days=30),
                    reason="Back in touch; agreed a plan.",
                )
            else:
                services.case_return(
                    actor=self.coordinator,
                    community=self.community,
                    case_id=case.pk,
                    reason="The sentence was not completed.",
                )

    # Today ------------------------------------------------------------------------------------------------------

    def leave_today_in_every_state(self) -> None:
        """A hearing next week with its jury (the demo member among them), a fresh referral, a case at intake."""
        self.clock.set(self.ctx.now - dt.timedelta(hours=2))
        next_day = self.today + dt.timedelta(days=5)
        hearing = self.prepare_hearing(next_day)
        first, last = self.name()
        case = services.referral_create(
            actor=self.coordinator,
            community=self.community,
            referral_source="school",
            referrer_name="Ms Okafor, head of year",
            referrer_email="referrals@northside.example.org",
            first_name=first,
            last_name=last,
            date_of_birth=self.birthday(self.today),
            offence_category="theft",
            previous_offences=0,
            offence_violent=False,
            responsibility_admitted=True,
            panel_question=QUESTIONS["theft"],
            guardian_name=f"Mum ({last})",
        )
        services.case_intake(
            actor=self.coordinator,
            community=self.community,
            case_id=case.pk,
            young_person_consent=True,
            guardian_consent=True,
        )
        for _ in range(2):
            first, last = self.name()
            services.referral_create(
                actor=self.coordinator,
                community=self.community,
                referral_source="police",
                referrer_name="PC Daniel Reid",
                first_name=first,
                last_name=last,
                date_of_birth=self.birthday(self.today),
                offence_category=self.rng.choice(OFFENCES),
                previous_offences=0,
                offence_violent=False,
                responsibility_admitted=True,
            )
        member = next((m for m in self.demo.members if m.user.email == "member@example.org"), None)
        if hearing is not None:
            hearing.refresh_from_db()
        if (
            hearing is not None
            and member is not None
            and hearing.foreperson_id != member.pk
            and not hearing.jurors.filter(membership=member).exists()
        ):
            services.hearing_juror_add(
                actor=self.coordinator, community=self.community, hearing_id=hearing.pk, membership_id=member.pk
            )
