import csv
import io
import zlib

import pytest
from django.urls import reverse

from coproduce.assessment.report import report_pdf
from coproduce.assessment.selectors import round_results
from coproduce.assessment.services import link_response_save, link_response_start, round_link_create
from coproduce.assessment.tests.factories import answers_for, group, make_service, open_round
from coproduce.communities.models import Membership

PRO = Membership.Kind.PROFESSIONAL
CITIZEN = Membership.Kind.CITIZEN


def _pdf_text(body: bytes) -> bytes:
    """Page content, inflated where compressed, to search for text drawn with the built-in fonts."""
    chunks = [body]
    for stream in body.split(b"stream")[1:]:
        data = stream.split(b"endstream")[0].strip(b"\r\n")
        try:
            chunks.append(zlib.decompress(data))
        except zlib.error:
            continue
    return b"".join(chunks)


@pytest.fixture
def answered_round(community, coordinator):
    assessment_round = open_round(coordinator, service=make_service(community, "Garden Club"))
    pros = group(
        assessment_round,
        coordinator,
        PRO,
        [{}, {}, {}],
        default=4,
        evidence={"NETWORKS_2": "We went to the mosque open day."},
    )
    citizens = group(assessment_round, coordinator, CITIZEN, [{}, {}, {"ASSETS_1": None}], default=2)
    return assessment_round, pros, citizens


@pytest.mark.django_db
def test_the_csv_has_every_sent_answer_and_nothing_that_identifies_anyone(
    client, community, coordinator, answered_round
):
    assessment_round, pros, citizens = answered_round
    client.force_login(coordinator.user)

    response = client.get(reverse("assessment:answers_csv", args=[community.slug, assessment_round.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 6 * 24
    assert {r["respondent"] for r in rows} == {f"R{n}" for n in range(1, 7)}
    assert {r["perspective"] for r in rows} == {"professional", "user"}
    assert sum(1 for r in rows if r["answer"] == "dont_know") == 1
    assert {
        r["evidence_text"] for r in rows if r["statement_code"] == "NETWORKS_2" and r["perspective"] == "professional"
    } == {"We went to the mosque open day."}
    text = response.content.decode()
    for person in [*pros, *citizens]:
        assert person.user.name not in text
        assert person.user.email not in text
    assert "membership" not in rows[0]
    assert "id" not in rows[0]


@pytest.mark.django_db
def test_the_csv_leaves_out_a_group_too_small_to_stay_anonymous(client, community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [{}, {}, {}])
    link = round_link_create(actor=coordinator, community=community, round_id=assessment_round.pk, perspective="user")
    response = link_response_start(community=community, token=link.token)
    link_response_save(community=community, resume_token=response.resume_token, answers=answers_for({}), submit=True)
    client.force_login(coordinator.user)

    body = client.get(reverse("assessment:answers_csv", args=[community.slug, assessment_round.pk])).content.decode()

    assert {r["perspective"] for r in csv.DictReader(io.StringIO(body))} == {"professional"}


@pytest.mark.django_db
def test_the_pdf_report_names_the_service_and_shows_scores_gaps_evidence_and_steps(community, answered_round):
    assessment_round, _pros, _citizens = answered_round
    results = round_results(community=community, assessment_round=assessment_round, language="en")

    body = report_pdf(results, community_name=community.name, compress=False)

    assert body.startswith(b"%PDF")
    assert b"Garden Club" in body
    assert b"Riverside Time Bank" in body
    assert b"Going strong" in body  # professionals: all 4 -> 75
    assert b"Starting out" in body  # users: all 2 -> 25
    assert b"flagged" in body  # gap 50
    assert b"mosque open day" in body
    assert b"Self-reported only" in body
    assert b"/Subtype /Image" not in body


@pytest.mark.django_db
def test_the_pdf_download_is_a_pdf(client, community, coordinator, answered_round):
    assessment_round, _pros, _citizens = answered_round
    client.force_login(coordinator.user)

    response = client.get(reverse("assessment:results_pdf", args=[community.slug, assessment_round.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"Garden Club" in _pdf_text(response.content)
