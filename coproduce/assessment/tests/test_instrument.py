from collections import Counter

import pytest

from coproduce.assessment.domain import Band, Perspective
from coproduce.assessment.models import Instrument, Statement, SuggestedStep
from coproduce.coproduction.domain import Principle


@pytest.mark.django_db
def test_instrument_v1_is_shipped_with_three_or_four_mirrored_statements_per_principle_in_two_languages():
    instrument = Instrument.objects.get(version=1)
    statements = list(Statement.objects.filter(instrument=instrument))

    per_principle = Counter(s.principle for s in statements)
    assert set(per_principle) == set(Principle.values)
    assert all(3 <= n <= 4 for n in per_principle.values())
    assert len({s.code for s in statements}) == len(statements)
    for s in statements:
        assert set(s.professional_texts) == {"en", "es"}
        assert set(s.user_texts) == {"en", "es"}
        assert s.text_for(Perspective.PROFESSIONAL, "es") != s.text_for(Perspective.PROFESSIONAL, "en")


@pytest.mark.django_db
def test_the_wording_follows_the_respondents_perspective_and_language():
    statement = Statement.objects.get(instrument__version=1, code="ASSETS_1")

    assert statement.text_for(Perspective.PROFESSIONAL, "en").startswith("I ask people what they can do for others")
    assert statement.text_for(Perspective.USER, "en").startswith("Staff ask me what I can do for others")
    assert statement.text_for(Perspective.USER, "es").startswith("El personal me pregunta")
    assert statement.text_for(Perspective.USER, "fr") == statement.text_for(Perspective.USER, "en")


@pytest.mark.django_db
def test_a_default_next_step_is_shipped_for_every_principle_and_band_in_both_languages():
    cells = {(s.principle, s.band): s for s in SuggestedStep.objects.all()}

    assert set(cells) == {(p, b) for p in Principle.values for b in Band.values}
    assert all(s.text("en") and s.text("es") and s.text("en") != s.text("es") for s in cells.values())
