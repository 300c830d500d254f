"""The pairing score: a pure function, tested on hand-made families."""

from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.linkups.pairing import WEIGHTS, Experience, FamilyProfile, distance_km, rank_pairings, score_pairing

LABELS = {
    "weekday_mornings": "Weekday mornings",
    "weekday_afternoons": "Weekday afternoons",
    "weekday_evenings": "Weekday evenings",
    "weekends": "Weekends",
}

SEEKING = FamilyProfile(
    id=1,
    name="Haddad",
    languages=("Arabic", "English"),
    goal_themes=frozenset({"school", "routines"}),
    children_ages=(7, 12),
    availability=frozenset({"weekday_evenings", "weekends"}),
    neighbourhood="Northfield",
    latitude=51.5,
    longitude=-0.1,
)
NASSER = FamilyProfile(
    id=2,
    name="Nasser",
    languages=("Arabic",),
    experiences=(Experience("school", "school exclusion"),),
    children_ages=(8, 11),
    availability=frozenset({"weekends"}),
    neighbourhood="Northfield",
    latitude=51.5108,
    longitude=-0.1,
)
BROWN = FamilyProfile(
    id=3,
    name="Brown",
    languages=("english",),
    experiences=(Experience("routines", "getting everyone out the door", lived=False),),
    availability=frozenset({"weekday_mornings"}),
    neighbourhood="Southgate",
    latitude=51.473,
    longitude=-0.1,
)
CHEN = FamilyProfile(id=4, name="Chen", languages=("Mandarin",), latitude=51.725, longitude=-0.1)


def test_ranks_hand_made_families_best_fit_first_with_plain_explanations():
    ranked = rank_pairings(SEEKING, [CHEN, BROWN, NASSER], availability_labels=LABELS)

    assert [p.sharing.name for p in ranked] == ["Nasser", "Brown", "Chen"]
    assert ranked[0].explanation == (
        "Both speak Arabic; they have been through school exclusion; 1.2 km away; children of similar ages; "
        "both free on weekends"
    )
    assert ranked[1].explanation == "Both speak English; they are good at getting everyone out the door; 3.0 km away"
    assert ranked[2].explanation == ""
    assert ranked[2].cautions == ["no language in common", "25.0 km apart"]


def test_each_part_is_weighted_into_a_score_out_of_100():
    pairing = score_pairing(SEEKING, NASSER, availability_labels=LABELS)

    # One of two goal themes lived through; same language; 1.2 of 10 km; ages 1 year apart; one of two free times.
    assert pairing.parts["themes"] == 0.5
    assert pairing.parts["language"] == 1.0
    assert round(pairing.parts["distance"], 2) == 0.88
    assert round(pairing.parts["children"], 3) == round(1 - 1 / 6, 3)
    assert pairing.parts["availability"] == 0.5
    expected = 35 * 0.5 + 20 * 1.0 + 20 * pairing.parts["distance"] + 15 * pairing.parts["children"] + 10 * 0.5
    assert pairing.score == round(expected)


def test_what_a_family_is_good_at_counts_half_of_what_it_has_been_through():
    lived = FamilyProfile(id=5, name="Lived", experiences=(Experience("routines", "chaotic mornings"),))
    strength = FamilyProfile(id=6, name="Strength", experiences=(Experience("routines", "planning", lived=False),))
    seeking = FamilyProfile(id=1, name="S", goal_themes=frozenset({"routines"}))

    assert score_pairing(seeking, lived).parts["themes"] == 1.0
    assert score_pairing(seeking, strength).parts["themes"] == 0.5


def test_without_coordinates_the_same_neighbourhood_still_counts():
    seeking = FamilyProfile(id=1, name="S", neighbourhood="Northfield")
    near = FamilyProfile(id=2, name="Near", neighbourhood="northfield")
    far = FamilyProfile(id=3, name="Far", neighbourhood="Southgate")

    assert score_pairing(seeking, near).reasons == ["both live in northfield"]
    assert score_pairing(seeking, near).parts["distance"] > score_pairing(seeking, far).parts["distance"] == 0


def test_a_family_without_goals_gets_no_theme_score_and_ties_break_by_name():
    seeking = FamilyProfile(id=1, name="S")
    ranked = rank_pairings(seeking, [FamilyProfile(id=3, name="Zed"), FamilyProfile(id=2, name="Abe"), seeking])

    assert [p.sharing.name for p in ranked] == ["Abe", "Zed"]
    assert all(p.score == 0 for p in ranked)


def test_distance_is_the_great_circle_distance():
    assert round(distance_km(51.5, -0.1, 51.5108, -0.1), 2) == 1.2
    assert distance_km(10, 10, 10, 10) == 0


languages = st.lists(st.sampled_from(["Arabic", "English", "Somali", "Polish", "Urdu"]), max_size=3, unique=True)
themes = st.frozensets(st.sampled_from(["routines", "school", "health", "money", "confidence"]))
profiles = st.builds(
    FamilyProfile,
    id=st.integers(2, 10_000),
    name=st.text(min_size=1, max_size=10),
    languages=languages.map(tuple),
    goal_themes=themes,
    experiences=st.lists(
        st.builds(
            Experience,
            theme=st.sampled_from(["routines", "school", "health", "money"]),
            description=st.text(min_size=1, max_size=20),
            lived=st.booleans(),
        ),
        max_size=4,
    ).map(tuple),
    children_ages=st.lists(st.integers(0, 18), max_size=4).map(tuple),
    availability=st.frozensets(st.sampled_from(list(LABELS))),
    latitude=st.none() | st.floats(51.0, 52.0),
    longitude=st.just(-0.1),
)


@settings(max_examples=60, deadline=None)
@given(seeking=profiles, sharing=profiles)
def test_score_stays_between_0_and_100_and_matches_its_parts(seeking, sharing):
    pairing = score_pairing(seeking, sharing)

    assert 0 <= pairing.score <= sum(WEIGHTS.values())
    assert all(0.0 <= value <= 1.0 for value in pairing.parts.values())


@settings(max_examples=60, deadline=None)
@given(seeking=profiles, sharing=profiles, language=st.sampled_from(["Arabic", "Somali"]))
def test_sharing_a_language_never_lowers_the_score(seeking, sharing, language):
    without = FamilyProfile(**{**sharing.__dict__, "languages": tuple(x for x in sharing.languages if x != language)})
    speaks = FamilyProfile(**{**sharing.__dict__, "languages": (*without.languages, language)})
    seeking = (
        FamilyProfile(**{**seeking.__dict__, "languages": (*seeking.languages, language)})
        if language not in seeking.languages
        else seeking
    )

    assert score_pairing(seeking, speaks).score >= score_pairing(seeking, without).score


@settings(max_examples=60, deadline=None)
@given(seeking=profiles, sharing=profiles, nearer=st.floats(0.0, 1.0))
def test_moving_closer_never_lowers_the_score(seeking, sharing, nearer):
    seeking = FamilyProfile(**{**seeking.__dict__, "latitude": 51.5, "longitude": -0.1})
    far = FamilyProfile(**{**sharing.__dict__, "latitude": 51.5 + 0.1, "longitude": -0.1})
    near = FamilyProfile(**{**sharing.__dict__, "latitude": 51.5 + 0.1 * nearer, "longitude": -0.1})

    assert score_pairing(seeking, near).score >= score_pairing(seeking, far).score
