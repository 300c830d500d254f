"""Demo data for family link-ups: a year of Family by Family in each "family" community.

Households are registered (seeking families throughout the year, sharing families recruited and trained earlier),
linked with the best-fitting sharing family that has room — chosen with the same pairing score the coaches see —
and a coach under capacity. Each link-up has consent from both families, the seeking family's goals in its own
words, a goal-setting session and fortnightly check-ins with ratings; most complete, some are extended and a few
end early. Some seeking families go on to train as sharing families.

The year is planned in memory first, then written through the service functions (replayed in date order, so every
rule is checked as it would be in use), or in bulk for benchmark sizes.
"""

import datetime as dt
import random
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from coproduce.communities.models import Check, Membership
from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase
from coproduce.coproduction.models import Activity, Contribution
from coproduce.demo.bulk import insert_rows
from coproduce.demo.context import DemoCommunity, DemoContext
from coproduce.linkups import services
from coproduce.linkups.models import (
    CheckIn,
    Goal,
    GoalRating,
    Household,
    HouseholdExperience,
    HouseholdMember,
    HouseholdRoleChange,
    LinkUp,
    LinkUpConsent,
)
from coproduce.linkups.pairing import Experience, FamilyProfile, rank_pairings
from coproduce.linkups.services.common import SOURCE, programme_service

LANGUAGES = ("Arabic", "Urdu", "Polish", "Somali", "Bengali", "Romanian", "Tigrinya", "Spanish", "Punjabi")
SLOTS = ("weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends")
LIVED = (
    ("school", "school exclusion"),
    ("school", "a child who would not go to school"),
    ("routines", "chaotic mornings with four children"),
    ("health", "a parent's long illness"),
    ("health", "a child's ADHD diagnosis"),
    ("money", "debt and bailiffs"),
    ("money", "living on Universal Credit"),
    ("relationships", "separation and co-parenting"),
    ("relationships", "leaving an abusive relationship"),
    ("confidence", "postnatal depression"),
    ("community", "moving to a new country"),
    ("community", "loneliness after moving house"),
)
STRENGTHS = (
    ("money", "budgeting on a low income"),
    ("routines", "bedtime routines"),
    ("school", "talking to teachers"),
    ("health", "cooking healthy meals cheaply"),
    ("community", "knowing what is on locally"),
    ("confidence", "getting back into work"),
)
GOALS = (
    ("Get the children to school on time every day", ("routines", "school")),
    ("Calmer mornings without shouting", ("routines", "relationships")),
    ("Pay off the catalogue debt", ("money",)),
    ("Make a weekly budget and stick to it", ("money",)),
    ("Cook a proper meal together three times a week", ("health", "routines")),
    ("Our eldest back at school full time", ("school",)),
    ("Feel confident talking to the school", ("school", "confidence")),
    ("Make one friend in the neighbourhood", ("community", "confidence")),
    ("Go to the park as a family at weekends", ("community", "relationships")),
    ("Bedtime by eight so everyone sleeps", ("routines", "health")),
    ("Talk to each other without arguing", ("relationships",)),
    ("Join a group at the children's centre", ("community",)),
    ("Get the GP to listen about my anxiety", ("health", "confidence")),
    ("Apply for a part-time job", ("confidence", "money")),
)
EARLY_END_REASONS = (
    "The family moved out of the area.",
    "The seeking family felt they no longer needed support.",
    "A change in the sharing family's circumstances.",
    "The families did not get on; a new link-up was offered.",
)
TZ = "Europe/London"


@dataclass
class PlanGoal:
    text: str
    themes: tuple[str, ...]
    at_session: bool  # written at the goal-setting session rather than at intake
    met_on: dt.date | None = None
    id: int = 0  # set once written


@dataclass
class PlanHousehold:
    name: str
    adults: list[Membership]
    children: list[int]  # ages today
    languages: list[str]
    neighbourhood: str
    latitude: float
    longitude: float
    availability: list[str]
    capacity: int
    roles: list[tuple[str, dt.date]]  # (role, from), in date order
    experiences: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, theme, description)
    goals: list[PlanGoal] = field(default_factory=list)
    checked_on: dt.date | None = None  # training and background check, for sharing families
    ready: bool = True
    id: int = 0  # set once written

    def role_on(self, day: dt.date) -> str:
        current = self.roles[0][0]
        for role, since in self.roles:
            if since <= day:
                current = role
        return current

    def sharing_from(self) -> dt.date | None:
        return next((since for role, since in self.roles if role in ("sharing", "both")), None)


@dataclass
class PlanCheckIn:
    when: dt.datetime
    minutes: int
    coach_minutes: int
    ratings: dict[int, int]  # goal index in the seeking household -> score


@dataclass
class PlanLinkUp:
    seeking: PlanHousehold
    sharing: PlanHousehold
    coach: Membership
    planned_weeks: int
    start: dt.date
    consent_on: dt.date
    session: dt.datetime
    extra_weeks: int = 0
    end: dt.date | None = None  # planned or actual end, if reached
    ended_early: str = ""
    checkins: list[PlanCheckIn] = field(default_factory=list)
    id: int = 0  # set once written

    @property
    def planned_end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.planned_weeks + self.extra_weeks)


def populate(ctx: DemoContext) -> None:
    for demo in ctx.by_kind("family"):
        coaches = [m for m in demo.professionals if m.role != Membership.Role.ADMIN] or [demo.coordinator]
        if not demo.citizens:
            continue
        planner = _Planner(ctx, demo, coaches)
        planner.plan()
        if ctx.large:
            _BulkWriter(ctx, demo, planner).write()
        else:
            _ServiceWriter(ctx, demo, planner).write()


class _Planner:
    """The programme's year, decided in memory with the pairing score the coaches use."""

    def __init__(self, ctx: DemoContext, demo: DemoCommunity, coaches: list[Membership]) -> None:
        self.rng: random.Random = ctx.rng
        self.demo = demo
        self.coaches = coaches
        self.today = timezone.localtime(ctx.now).date()
        self.year_start = self.today - dt.timedelta(days=364)
        self.households: list[PlanHousehold] = []
        self.linkups: list[PlanLinkUp] = []
        self.coach_capacity = 15
        self.names: set[str] = set()
        neighbourhoods = demo.neighbourhoods or ["Northfield"]
        # A made-up town: each neighbourhood's centre a couple of kilometres from the next.
        self.centres = {
            name: (52.48 + 0.018 * (i % 3), -1.90 + 0.028 * (i // 3)) for i, name in enumerate(neighbourhoods)
        }

    def plan(self) -> None:
        rng = self.rng
        citizens = [
            m for m in self.demo.citizens if m.user.email not in ("admin@example.org", "coordinator@example.org")
        ]
        demo_member = next((m for m in citizens if m.user.email == "member@example.org"), None)
        others = [m for m in citizens if m is not demo_member]
        rng.shuffle(others)
        adults_groups: list[list[Membership]] = []
        while others:
            size = 2 if rng.random() < 0.4 and len(others) >= 2 else 1
            adults_groups.append([others.pop() for _ in range(size)])
            if len(adults_groups) * 3 >= len(citizens):
                break  # about a third of citizens' households take part
        sharing_count = max(2, len(adults_groups) * 2 // 5)
        for index, adults in enumerate(adults_groups):
            if index < sharing_count:
                since = self.year_start - dt.timedelta(days=rng.randint(30, 300))
                household = self.household(adults, [("sharing", since)])
                household.checked_on = since + dt.timedelta(days=rng.randint(14, 40))
                household.ready = rng.random() > 0.1  # a few are still waiting for their checks
                household.experiences = self.experiences()
            else:
                since = self.year_start + dt.timedelta(days=rng.randint(0, 320))
                household = self.household(adults, [("seeking", since)])
                household.goals = self.goals(rng.randint(1, 2), at_session=False)
            self.households.append(household)
        sharers = [h for h in self.households if h.roles[0][0] == "sharing"]
        if len(sharers) > 2 and all(h.ready for h in sharers):
            # Someone is always part-way through recruitment: trained, background check still pending.
            newest = sharers[-1]
            newest.roles = [("sharing", self.today - dt.timedelta(days=rng.randint(10, 40)))]
            newest.checked_on, newest.ready = newest.roles[0][1], False
        if demo_member is not None:
            # The documented member account belongs to a family part-way through its link-up.
            household = self.household([demo_member], [("seeking", self.today - dt.timedelta(days=110))])
            household.goals = [PlanGoal("Calmer mornings without shouting", ("routines", "relationships"), False)]
            household.languages = ["English", "Arabic"]
            self.households.append(household)
        self.link_year()

    def household(self, adults: list[Membership], roles: list[tuple[str, dt.date]]) -> PlanHousehold:
        rng = self.rng
        neighbourhood = rng.choice(list(self.centres))
        lat, lon = self.centres[neighbourhood]
        surnames = [a.user.name.split()[-1] for a in adults]
        name = next((f"{s} family" for s in surnames if f"{s} family" not in self.names), f"{surnames[0]} family")
        if name in self.names:
            name = f"{name} ({neighbourhood})"
        self.names.add(name)
        languages = ["English"] + ([rng.choice(LANGUAGES)] if rng.random() < 0.45 else [])
        return PlanHousehold(
            name=name,
            adults=adults,
            children=sorted(rng.randint(0, 16) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))),
            languages=languages,
            neighbourhood=neighbourhood,
            latitude=round(lat + rng.uniform(-0.006, 0.006), 5),
            longitude=round(lon + rng.uniform(-0.009, 0.009), 5),
            availability=sorted(rng.sample(SLOTS, rng.randint(1, 3)), key=SLOTS.index),
            capacity=2 if rng.random() < 0.3 else 1,
            roles=roles,
        )

    def experiences(self) -> list[tuple[str, str, str]]:
        lived = self.rng.sample(LIVED, self.rng.randint(1, 3))
        strengths = self.rng.sample(STRENGTHS, self.rng.randint(0, 2))
        return [("lived_experience", t, d) for t, d in lived] + [("skill", t, d) for t, d in strengths]

    def goals(self, count: int, *, at_session: bool) -> list[PlanGoal]:
        return [PlanGoal(text, themes, at_session) for text, themes in self.rng.sample(GOALS, count)]

    def at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, self.rng.choice((0, 30))), tzinfo=zoneinfo.ZoneInfo(TZ))

    def link_year(self) -> None:
        rng = self.rng
        seekers = [h for h in self.households if h.roles[0][0] == "seeking"]
        # Link-ups are decided in the order they start, so "who is free" is always judged on the right day.
        starts = sorted(
            ((h.roles[0][1] + dt.timedelta(days=rng.randint(7, 28)), index) for index, h in enumerate(seekers)),
        )
        active: list[PlanLinkUp] = []
        for start, index in starts:
            seeking = seekers[index]
            if start > self.today - dt.timedelta(days=3):
                continue
            for linkup in list(active):
                if linkup.end is not None and linkup.end <= start:
                    active.remove(linkup)
            load = Counter(id(lu.sharing) for lu in active)
            candidates = [
                h
                for h in self.households
                if h is not seeking
                and h.ready
                and h.role_on(start) in ("sharing", "both")
                and (h.checked_on or self.today) <= start
                and load[id(h)] < h.capacity
            ]
            if not candidates:
                continue
            sharing = self.best_fit(seeking, candidates, start)
            coach = self.coach_for(sharing, active)
            if coach is None:
                continue
            linkup = PlanLinkUp(
                seeking=seeking,
                sharing=sharing,
                coach=coach,
                planned_weeks=rng.choice((10, 10, 20, 20, 30)),
                start=start,
                consent_on=start - dt.timedelta(days=rng.randint(0, 6)),
                session=self.at(start + dt.timedelta(days=rng.randint(1, 6)), 18),
            )
            seeking.goals += self.goals(1, at_session=True)
            self.run(linkup)
            active.append(linkup)
            self.linkups.append(linkup)
        if not any(len(h.roles) > 1 for h in self.households):
            # The programme's point: at least one family that sought support has gone on to share it.
            done = [
                lu
                for lu in self.linkups
                if lu.end and not lu.ended_early and lu.end + dt.timedelta(days=45) < self.today
            ]
            if done:
                self.go_on_to_share(done[0].seeking, done[0].end or self.today)

    def best_fit(self, seeking: PlanHousehold, candidates: list[PlanHousehold], day: dt.date) -> PlanHousehold:
        def profile(h: PlanHousehold, index: int) -> FamilyProfile:
            return FamilyProfile(
                id=index,
                name=h.name,
                languages=tuple(h.languages),
                children_ages=tuple(h.children),
                goal_themes=frozenset(t for g in h.goals for t in g.themes),
                experiences=tuple(Experience(t, d, k == "lived_experience") for k, t, d in h.experiences),
                availability=frozenset(h.availability),
                neighbourhood=h.neighbourhood,
                latitude=h.latitude,
                longitude=h.longitude,
            )

        ranked = rank_pairings(profile(seeking, -1), [profile(h, i) for i, h in enumerate(candidates)])
        # Coaches mostly take the best fit, sometimes the second (they know things the score does not).
        pick = ranked[1] if len(ranked) > 1 and self.rng.random() < 0.2 else ranked[0]
        return candidates[pick.sharing.id]

    def coach_for(self, sharing: PlanHousehold, active: list[PlanLinkUp]) -> Membership | None:
        for linkup in active:
            if linkup.sharing is sharing:
                return linkup.coach
        caseload = Counter(lu.coach.pk for lu in {id(lu.sharing): lu for lu in active}.values())
        with_room = [c for c in self.coaches if caseload[c.pk] < self.coach_capacity]
        return min(with_room, key=lambda c: (caseload[c.pk], c.pk)) if with_room else None

    def run(self, linkup: PlanLinkUp) -> None:
        """Check-ins every fortnight with rising ratings, then the ending (if it has come yet)."""
        rng = self.rng
        if rng.random() < 0.12:
            linkup.extra_weeks = 10
        early = rng.random() < 0.12
        stop = linkup.planned_end
        if early:
            stop = linkup.start + dt.timedelta(weeks=rng.randint(3, max(3, linkup.planned_weeks - 2)))
            linkup.ended_early = rng.choice(EARLY_END_REASONS)
        last_day = min(stop, self.today - dt.timedelta(days=1))
        scores = {i: rng.randint(1, 4) for i, _goal in enumerate(linkup.seeking.goals) if _goal.met_on is None}
        day = linkup.start + dt.timedelta(days=7)
        while day <= last_day:
            for i in scores:
                scores[i] = min(10, scores[i] + rng.choice((0, 1, 1, 2)))
            minutes = rng.choice((60, 90, 90, 120))
            linkup.checkins.append(
                PlanCheckIn(
                    when=self.at(day, rng.choice((10, 16, 17))),
                    minutes=minutes,
                    coach_minutes=rng.choice((0, 30, minutes)),
                    ratings=dict(scores),
                )
            )
            day += dt.timedelta(days=14)
        if stop <= self.today - dt.timedelta(days=1):
            linkup.end = stop
            for i, score in scores.items():
                if score >= 8 and not early:
                    linkup.seeking.goals[i].met_on = stop
            # Some families go on to share what they learnt, once trained.
            if not early and rng.random() < 0.35 and stop + dt.timedelta(days=45) < self.today:
                self.go_on_to_share(linkup.seeking, stop)

    def go_on_to_share(self, household: PlanHousehold, finished: dt.date) -> None:
        became = finished + dt.timedelta(days=self.rng.randint(30, 45))
        household.roles.append(("sharing", became))
        household.checked_on = became
        household.experiences = self.experiences()


class _ServiceWriter:
    """Replays the plan in date order through the service functions."""

    def __init__(self, ctx: DemoContext, demo: DemoCommunity, planner: _Planner) -> None:
        self.ctx, self.demo, self.plan = ctx, demo, planner
        self.actor = demo.coordinator
        self.community = demo.community

    def write(self) -> None:
        events: list[tuple[dt.date, int, object]] = []
        for household in self.plan.households:
            self.register(household)
            for role, since in household.roles[1:]:
                events.append((since, 0, ("role", household, role)))
            if household.roles[0][0] == "sharing":
                events.append((household.checked_on or self.plan.today, 1, ("checks", household)))
        for linkup in self.plan.linkups:
            events.append((linkup.start, 2, ("link", linkup)))
            if linkup.end is not None:
                events.append((linkup.end, -1, ("end", linkup)))
        events.sort(key=lambda e: (e[0], e[1]))
        for _day, _order, event in self.ctx.progress(events, total=len(events), desc="family link-ups"):
            getattr(self, f"on_{event[0]}")(*event[1:])  # type: ignore[index]

    def register(self, h: PlanHousehold) -> None:
        call: dict[str, Any] = {"actor": self.actor, "community": self.community}
        created = services.household_create(
            **call,
            name=h.name,
            role=h.roles[0][0],
            role_since=h.roles[0][1],
            languages=h.languages,
            neighbourhood=h.neighbourhood,
            latitude=h.latitude,
            longitude=h.longitude,
            availability=h.availability,
            sharing_capacity=h.capacity,
        )
        h.id = created.pk
        for adult in h.adults:
            services.household_person_add(**call, household_id=h.id, kind="adult", membership_id=adult.pk)
        for index, age in enumerate(h.children):
            services.household_person_add(**call, household_id=h.id, kind="child", name=f"Child {index + 1}", age=age)
        self.add_experiences(h)
        intake = [g for g in h.goals if not g.at_session]
        if intake:
            made = services.goals_set(
                **call, household_id=h.id, goals=[services.GoalInput(g.text, g.themes) for g in intake]
            )
            for goal, row in zip(intake, made, strict=True):
                goal.id = row.pk

    def add_experiences(self, h: PlanHousehold) -> None:
        for kind, theme, description in h.experiences:
            services.household_experience_add(
                actor=self.actor,
                community=self.community,
                household_id=h.id,
                kind=kind,
                theme=theme,
                description=description,
            )

    def on_role(self, h: PlanHousehold, role: str) -> None:
        since = next(s for r, s in h.roles if r == role)
        services.household_set_role(
            actor=self.actor,
            community=self.community,
            household_id=h.id,
            role=role,
            on=since,
            note="Finished their link-up and trained as a sharing family",
        )
        self.add_experiences(h)
        self.on_checks(h)

    def on_checks(self, h: PlanHousehold) -> None:
        checked = min(h.checked_on or self.plan.today, self.plan.today)
        for person in HouseholdMember.objects.filter(household_id=h.id, kind="adult"):
            for kind, years in ((Check.Kind.TRAINING, 2), (Check.Kind.BACKGROUND, 3)):
                done = h.ready or kind == Check.Kind.TRAINING
                services.household_check_record(
                    actor=self.actor,
                    community=self.community,
                    person_id=person.pk,
                    kind=kind,
                    status=Check.Status.PASSED if done else Check.Status.PENDING,
                    checked_on=checked if done else None,
                    expires_on=checked + dt.timedelta(days=365 * years) if done else None,
                    title="Sharing family training" if kind == Check.Kind.TRAINING else "Enhanced background check",
                )

    def on_link(self, lu: PlanLinkUp) -> None:
        call: dict[str, Any] = {"actor": self.actor, "community": self.community}

        def consent(h: PlanHousehold) -> services.ConsentInput:
            person = HouseholdMember.objects.filter(household_id=h.id, kind="adult").order_by("id").first()
            assert person is not None
            return services.ConsentInput(person.pk, lu.consent_on)

        linkup = services.linkup_create(
            **call,
            seeking_id=lu.seeking.id,
            sharing_id=lu.sharing.id,
            coach_id=lu.coach.pk,
            planned_weeks=lu.planned_weeks,
            starts_on=lu.start,
            seeking_consent=consent(lu.seeking),
            sharing_consent=consent(lu.sharing),
        )
        lu.id = linkup.pk
        session_goals = [g for g in lu.seeking.goals if g.at_session and not g.id]
        if session_goals:
            made = services.goals_set(
                **call,
                household_id=lu.seeking.id,
                occurred_at=lu.session,
                minutes=60,
                goals=[services.GoalInput(g.text, g.themes) for g in session_goals],
            )
            for goal, row in zip(session_goals, made, strict=True):
                goal.id = row.pk
        if lu.extra_weeks:
            services.linkup_extend(
                **call, linkup_id=linkup.pk, weeks=lu.extra_weeks, reason="Going well; more time to finish"
            )
        goals = lu.seeking.goals
        for checkin in lu.checkins:
            ratings = {goals[i].id: score for i, score in checkin.ratings.items() if goals[i].id}
            services.checkin_record(
                **call,
                linkup_id=linkup.pk,
                occurred_at=checkin.when,
                minutes=checkin.minutes,
                coach_minutes=checkin.coach_minutes,
                ratings=ratings,
            )

    def on_end(self, lu: PlanLinkUp) -> None:
        call: dict[str, Any] = {"actor": self.actor, "community": self.community}
        assert lu.end is not None
        for goal in lu.seeking.goals:
            if goal.met_on is not None and goal.id:
                services.goal_mark_met(**call, goal_id=goal.id, on=goal.met_on)
        if lu.ended_early:
            services.linkup_end_early(**call, linkup_id=lu.id, reason=lu.ended_early, on=lu.end)
        else:
            services.linkup_complete(**call, linkup_id=lu.id, on=lu.end, note="Planned weeks completed")


class _BulkWriter:
    """The same plan written in bulk, for benchmark sizes: rows the services would write, without the audit trail."""

    def __init__(self, ctx: DemoContext, demo: DemoCommunity, planner: _Planner) -> None:
        self.ctx, self.demo, self.plan = ctx, demo, planner
        self.cid = demo.community.pk
        self.user_id = demo.coordinator.user_id

    def write(self) -> None:
        plan, cid = self.plan, self.cid
        households = plan.households
        ids = insert_rows(
            Household,
            (
                "community_id",
                "name",
                "role",
                "role_since",
                "languages",
                "neighbourhood",
                "latitude",
                "longitude",
                "availability",
                "sharing_capacity",
                "about",
                "created_by_id",
            ),
            [
                (
                    cid,
                    h.name,
                    h.roles[-1][0],
                    h.roles[-1][1],
                    h.languages,
                    h.neighbourhood,
                    h.latitude,
                    h.longitude,
                    h.availability,
                    h.capacity,
                    "",
                    self.user_id,
                )
                for h in households
            ],
            returning_ids=True,
        )
        for h, pk in zip(households, ids, strict=True):
            h.id = pk
        insert_rows(
            HouseholdRoleChange,
            ("community_id", "household_id", "role", "started_on", "note", "recorded_by_id"),
            [(cid, h.id, role, since, "", self.user_id) for h in households for role, since in h.roles],
        )
        this_year = plan.today.year
        people: list[tuple[Any, ...]] = [
            (cid, h.id, a.user.name, "adult", None, a.pk) for h in households for a in h.adults
        ]
        people += [
            (cid, h.id, f"Child {i + 1}", "child", this_year - age, None)
            for h in households
            for i, age in enumerate(h.children)
        ]
        person_ids = insert_rows(
            HouseholdMember,
            ("community_id", "household_id", "name", "kind", "birth_year", "membership_id"),
            people,
            returning_ids=True,
        )
        first_adult: dict[int, int] = {}
        for row, pk in zip(people, person_ids, strict=True):
            if row[3] == "adult":
                first_adult.setdefault(row[1], pk)
        insert_rows(
            HouseholdExperience,
            ("community_id", "household_id", "kind", "theme", "description"),
            [(cid, h.id, k, t, d) for h in households for k, t, d in h.experiences],
        )
        checks = []
        for h in households:
            if h.checked_on is not None and not h.ready:
                checks += [
                    (cid, adult.pk, kind, status, title, day, expiry, "", self.user_id)
                    for adult in h.adults
                    for kind, status, title, day, expiry in (
                        (
                            Check.Kind.TRAINING,
                            Check.Status.PASSED,
                            "Sharing family training",
                            h.checked_on,
                            h.checked_on + dt.timedelta(days=730),
                        ),
                        (Check.Kind.BACKGROUND, Check.Status.PENDING, "Enhanced background check", None, None),
                    )
                ]
            if h.checked_on is not None and h.ready and h.checked_on <= plan.today:
                for adult in h.adults:
                    checks += [
                        (
                            cid,
                            adult.pk,
                            Check.Kind.TRAINING,
                            Check.Status.PASSED,
                            "Sharing family training",
                            h.checked_on,
                            h.checked_on + dt.timedelta(days=730),
                            "",
                            self.user_id,
                        ),
                        (
                            cid,
                            adult.pk,
                            Check.Kind.BACKGROUND,
                            Check.Status.PASSED,
                            "Enhanced background check",
                            h.checked_on,
                            h.checked_on + dt.timedelta(days=1095),
                            "",
                            self.user_id,
                        ),
                    ]
        insert_rows(
            Check,
            (
                "community_id",
                "membership_id",
                "kind",
                "status",
                "title",
                "checked_on",
                "expires_on",
                "notes",
                "recorded_by_id",
            ),
            checks,
        )
        self.write_linkups(first_adult)

    def write_linkups(self, first_adult: dict[int, int]) -> None:
        plan, cid = self.plan, self.cid
        linkups = plan.linkups
        rows = []
        for lu in linkups:
            status = "active" if lu.end is None else ("ended_early" if lu.ended_early else "completed")
            rows.append(
                (
                    cid,
                    lu.seeking.id,
                    lu.sharing.id,
                    lu.coach.pk,
                    lu.planned_weeks,
                    lu.extra_weeks,
                    lu.start,
                    status,
                    lu.end,
                    lu.ended_early or ("Planned weeks completed" if lu.end else ""),
                    self.user_id,
                )
            )
        ids = insert_rows(
            LinkUp,
            (
                "community_id",
                "seeking_id",
                "sharing_id",
                "coach_id",
                "planned_weeks",
                "extra_weeks",
                "starts_on",
                "status",
                "ended_on",
                "end_reason",
                "created_by_id",
            ),
            rows,
            returning_ids=True,
        )
        for lu, pk in zip(linkups, ids, strict=True):
            lu.id = pk
        insert_rows(
            LinkUpConsent,
            ("community_id", "linkup_id", "household_id", "given_by_id", "given_on", "recorded_by_id"),
            [
                (cid, lu.id, h.id, first_adult[h.id], lu.consent_on, self.user_id)
                for lu in linkups
                for h in (lu.seeking, lu.sharing)
            ],
        )
        service_id = programme_service(self.demo.community).pk
        linkup_of = {id(lu.seeking): lu for lu in linkups}
        goal_rows, goal_refs = [], []
        for h in plan.households:
            linked = linkup_of.get(id(h))
            for goal in h.goals:
                goal_rows.append(
                    (
                        cid,
                        h.id,
                        linked.id if linked else None,
                        goal.text,
                        list(goal.themes),
                        "met" if goal.met_on else "open",
                        goal.met_on,
                        self.user_id,
                    )
                )
                goal_refs.append(goal)
        for goal, pk in zip(
            goal_refs,
            insert_rows(
                Goal,
                ("community_id", "household_id", "linkup_id", "text", "themes", "status", "closed_on", "created_by_id"),
                goal_rows,
                returning_ids=True,
            ),
            strict=True,
        ):
            goal.id = pk
        activities: list[tuple[Any, ...]] = []
        contributions: list[list[tuple[int, Any, int]]] = []
        checkins: list[tuple[PlanLinkUp, PlanCheckIn] | None] = []
        for lu in linkups:
            seeking = [a.pk for a in lu.seeking.adults]
            sharing = [a.pk for a in lu.sharing.adults]
            activities.append(
                (
                    cid,
                    service_id,
                    ActivityKind.LINKUP_SESSION,
                    Phase.DESIGN,
                    "Family link-up: goal setting",
                    lu.session,
                    SOURCE,
                    self.user_id,
                    "",
                    "",
                    "",
                )
            )
            contributions.append(
                [(m, ContributionRole.DECIDED, 60) for m in seeking]
                + [(lu.coach.pk, ContributionRole.FACILITATED, 60)]
                + [(m, ContributionRole.TOOK_PART, 60) for m in sharing]
            )
            checkins.append(None)
            for checkin in lu.checkins:
                activities.append(
                    (
                        cid,
                        service_id,
                        ActivityKind.LINKUP_SESSION,
                        Phase.DELIVER,
                        "Family link-up: check-in",
                        checkin.when,
                        SOURCE,
                        self.user_id,
                        "",
                        "",
                        "",
                    )
                )
                contributions.append(
                    [(m, ContributionRole.GAVE, checkin.minutes) for m in sharing]
                    + [(m, ContributionRole.RECEIVED, checkin.minutes) for m in seeking]
                    + (
                        [(lu.coach.pk, ContributionRole.FACILITATED, checkin.coach_minutes)]
                        if checkin.coach_minutes
                        else []
                    )
                )
                checkins.append((lu, checkin))
        activity_ids = insert_rows(
            Activity,
            (
                "community_id",
                "service_id",
                "kind",
                "phase",
                "title",
                "occurred_at",
                "source",
                "recorded_by_id",
                "location",
                "notes",
                "category",
            ),
            activities,
            returning_ids=True,
        )
        insert_rows(
            Contribution,
            ("community_id", "activity_id", "membership_id", "role", "minutes"),
            [
                (cid, activity_id, m, role, minutes)
                for activity_id, people in zip(activity_ids, contributions, strict=True)
                for m, role, minutes in people
            ],
        )
        made = [(activity_id, pair) for activity_id, pair in zip(activity_ids, checkins, strict=True) if pair]
        checkin_ids = insert_rows(
            CheckIn,
            ("community_id", "linkup_id", "occurred_at", "minutes", "notes", "activity_id", "recorded_by_id"),
            [(cid, lu.id, c.when, c.minutes, "", activity_id, self.user_id) for activity_id, (lu, c) in made],
            returning_ids=True,
        )
        insert_rows(
            GoalRating,
            ("community_id", "checkin_id", "goal_id", "score"),
            [
                (cid, checkin_id, lu.seeking.goals[i].id, score)
                for checkin_id, (_activity_id, (lu, c)) in zip(checkin_ids, made, strict=True)
                for i, score in c.ratings.items()
            ],
        )
