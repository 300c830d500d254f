"""The shape of a year in each demo community: which activities happen, how often, and who takes part.

Rates are per week for every 100 members, so a larger community has proportionally more going on. Shares
that change over the year are given as (at the start, at the end): in these communities citizens take a
growing part in designing and deciding, and increasingly facilitate, which is what the insights should show.
"""

from dataclasses import dataclass

from coproduce.coproduction.domain import ActivityKind, ContributionRole, Phase


@dataclass(frozen=True)
class Group:
    """A set of people in one role: how many, how likely each is a citizen (start → end of year), minutes."""

    role: str
    count: tuple[int, int]
    citizen_share: tuple[float, float]
    minutes: tuple[int, int]


@dataclass(frozen=True)
class Pattern:
    service: str
    kind: str
    phase: str
    title: str  # may use {menu}, {topic}, {project}, {decision}, {review}, {training}, {gathering}
    per_week: float
    weekday: int  # 0 = Monday
    hour: int
    groups: tuple[Group, ...]
    ladder: tuple[float, float] | None = None  # mean participation step at the start and end of the year


G, R, TP, F, D = (
    ContributionRole.GAVE,
    ContributionRole.RECEIVED,
    ContributionRole.TOOK_PART,
    ContributionRole.FACILITATED,
    ContributionRole.DECIDED,
)
CITIZENS = (1.0, 1.0)

DECISIONS = {
    "timebank": (
        "what the community fund pays for",
        "next year's priorities",
        "the lunch club budget",
        "opening a second hub",
    ),
    "family": (
        "how many link-ups to fund",
        "paying sharing families' expenses",
        "next year's budget",
        "a second coach",
    ),
    "youth_court": ("which referrals we accept", "sentencing options", "next year's budget", "a second court night"),
}
REVIEWS = ("what worked this quarter", "the year so far", "what members told us", "the newest changes")
TRAININGS = ("Safeguarding basics", "First aid", "Befriending skills", "Using the time bank online")
GATHERINGS = ("picnic in Northfield Park", "shared meal", "day at the seaside", "games afternoon", "winter party")

PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "timebank": (
        Pattern(
            "Lunch club",
            ActivityKind.EVENT,
            Phase.DELIVER,
            "Lunch club: {menu}",
            1.0,
            2,
            12,
            (
                Group(F, (0, 1), (0.15, 0.55), (180, 210)),
                Group(G, (2, 4), CITIZENS, (120, 180)),
                Group(R, (6, 14), CITIZENS, (60, 90)),
            ),
        ),
        Pattern(
            "Repair café",
            ActivityKind.EVENT,
            Phase.DELIVER,
            "Repair café",
            0.25,
            5,
            10,
            (
                Group(F, (1, 1), (0.3, 0.6), (180, 240)),
                Group(G, (3, 6), (0.95, 0.95), (120, 180)),
                Group(R, (4, 10), CITIZENS, (30, 60)),
            ),
        ),
        Pattern(
            "Time bank",
            ActivityKind.EVENT,
            Phase.DELIVER,
            "Skill swap afternoon",
            0.15,
            6,
            14,
            (
                Group(F, (1, 1), (0.2, 0.6), (180, 180)),
                Group(G, (3, 6), (0.9, 0.9), (60, 120)),
                Group(R, (3, 8), CITIZENS, (60, 120)),
            ),
        ),
        Pattern(
            "Time bank",
            ActivityKind.TRAINING,
            Phase.DELIVER,
            "Training: {training}",
            0.1,
            1,
            18,
            (
                Group(F, (1, 1), (0.0, 0.3), (120, 180)),
                Group(TP, (6, 12), (0.9, 0.9), (120, 180)),
            ),
        ),
        Pattern(
            "Service design group",
            ActivityKind.WORKSHOP,
            Phase.DESIGN,
            "Design workshop: {topic}",
            0.5,
            3,
            18,
            (
                Group(F, (1, 1), (0.05, 0.5), (120, 150)),
                Group(TP, (5, 10), (0.3, 0.75), (90, 150)),
            ),
            ladder=(4.0, 6.6),
        ),
        Pattern(
            "Time bank",
            ActivityKind.MEETING,
            Phase.COMMISSION,
            "Steering group: {decision}",
            0.2,
            0,
            18,
            (
                Group(F, (1, 1), (0.1, 0.4), (90, 120)),
                Group(D, (4, 7), (0.2, 0.6), (60, 120)),
            ),
            ladder=(3.5, 6.2),
        ),
        Pattern(
            "Time bank",
            ActivityKind.SURVEY,
            Phase.ASSESS,
            "Members' survey",
            0.06,
            0,
            10,
            (Group(TP, (10, 30), (0.95, 0.95), (15, 30)),),
            ladder=(3.0, 4.0),
        ),
        Pattern(
            "Service design group",
            ActivityKind.MEETING,
            Phase.ASSESS,
            "Looking back: {review}",
            0.08,
            2,
            18,
            (
                Group(F, (1, 1), (0.1, 0.5), (120, 120)),
                Group(TP, (6, 12), (0.35, 0.75), (90, 120)),
            ),
            ladder=(4.0, 6.5),
        ),
    ),
    "family": (
        Pattern(
            "Family link-ups",
            ActivityKind.TRAINING,
            Phase.DELIVER,
            "Sharing family training",
            0.15,
            1,
            10,
            (
                Group(F, (1, 1), (0.0, 0.35), (180, 180)),
                Group(TP, (3, 8), CITIZENS, (180, 180)),
            ),
        ),
        Pattern(
            "Family gatherings",
            ActivityKind.EVENT,
            Phase.DELIVER,
            "Family gathering: {gathering}",
            0.25,
            5,
            12,
            (
                Group(F, (1, 1), (0.2, 0.6), (240, 240)),
                Group(G, (2, 4), (0.9, 0.9), (180, 240)),
                Group(TP, (8, 25), CITIZENS, (120, 240)),
            ),
        ),
        Pattern(
            "Family link-ups",
            ActivityKind.MEETING,
            Phase.DELIVER,
            "Parents' circle",
            0.75,
            3,
            10,
            (
                Group(F, (0, 1), (0.1, 0.5), (90, 90)),
                Group(G, (2, 3), CITIZENS, (90, 90)),
                Group(R, (3, 7), CITIZENS, (90, 90)),
            ),
        ),
        Pattern(
            "Service design group",
            ActivityKind.WORKSHOP,
            Phase.DESIGN,
            "Family design lab: {topic}",
            0.45,
            2,
            18,
            (
                Group(F, (1, 1), (0.1, 0.55), (120, 150)),
                Group(TP, (4, 9), (0.35, 0.8), (90, 150)),
            ),
            ladder=(4.2, 6.8),
        ),
        Pattern(
            "Family link-ups",
            ActivityKind.MEETING,
            Phase.COMMISSION,
            "Funding panel: {decision}",
            0.12,
            0,
            14,
            (
                Group(F, (1, 1), (0.0, 0.2), (120, 120)),
                Group(D, (3, 6), (0.15, 0.5), (90, 120)),
            ),
            ladder=(3.0, 6.0),
        ),
        Pattern(
            "Family link-ups",
            ActivityKind.SURVEY,
            Phase.ASSESS,
            "Family outcomes survey",
            0.06,
            4,
            10,
            (Group(TP, (8, 25), (0.95, 0.95), (20, 30)),),
            ladder=(3.0, 4.0),
        ),
        Pattern(
            "Service design group",
            ActivityKind.MEETING,
            Phase.ASSESS,
            "Families' review: {review}",
            0.1,
            3,
            18,
            (
                Group(F, (1, 1), (0.1, 0.5), (120, 120)),
                Group(TP, (5, 10), (0.4, 0.8), (90, 120)),
            ),
            ladder=(4.0, 6.6),
        ),
    ),
    "youth_court": (
        Pattern(
            "Youth court",
            ActivityKind.TRAINING,
            Phase.DELIVER,
            "Juror training",
            0.25,
            2,
            16,
            (
                Group(F, (1, 1), (0.1, 0.5), (120, 120)),
                Group(TP, (4, 10), CITIZENS, (120, 120)),
            ),
        ),
        Pattern(
            "Community service projects",
            ActivityKind.EVENT,
            Phase.DELIVER,
            "{project}",
            0.75,
            5,
            10,
            (
                Group(F, (1, 1), (0.1, 0.3), (180, 180)),
                Group(G, (3, 8), (0.95, 0.95), (120, 180)),
            ),
        ),
        Pattern(
            "Service design group",
            ActivityKind.WORKSHOP,
            Phase.DESIGN,
            "Design group: {topic}",
            0.45,
            1,
            17,
            (
                Group(F, (1, 1), (0.05, 0.5), (120, 120)),
                Group(TP, (4, 9), (0.3, 0.75), (90, 120)),
            ),
            ladder=(3.8, 6.6),
        ),
        Pattern(
            "Youth court",
            ActivityKind.MEETING,
            Phase.COMMISSION,
            "Referral partners' board: {decision}",
            0.12,
            0,
            16,
            (
                Group(F, (1, 1), (0.0, 0.2), (90, 90)),
                Group(D, (3, 7), (0.1, 0.45), (60, 90)),
            ),
            ladder=(2.8, 5.8),
        ),
        Pattern(
            "Youth court",
            ActivityKind.SURVEY,
            Phase.ASSESS,
            "Respondent feedback survey",
            0.08,
            4,
            15,
            (Group(TP, (5, 20), CITIZENS, (15, 20)),),
            ladder=(3.0, 4.0),
        ),
        Pattern(
            "Service design group",
            ActivityKind.MEETING,
            Phase.ASSESS,
            "Youth court review: {review}",
            0.1,
            3,
            17,
            (
                Group(F, (1, 1), (0.1, 0.45), (120, 120)),
                Group(TP, (5, 10), (0.3, 0.7), (90, 120)),
            ),
            ladder=(3.8, 6.4),
        ),
    ),
}
