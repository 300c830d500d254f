import pytest
from django.urls import reverse

from coproduce.assessment.models import Response, Round
from coproduce.assessment.services import round_link_create
from coproduce.assessment.tests.factories import group, make_service, open_round, respondent, statement_codes
from coproduce.communities.models import Membership

PRO = Membership.Kind.PROFESSIONAL
CITIZEN = Membership.Kind.CITIZEN


def url(name, community, *args):
    return reverse(f"assessment:{name}", args=[community.slug, *args])


@pytest.mark.django_db
def test_a_coordinator_opens_a_round_and_is_sent_to_invite_people(client, community, coordinator):
    service = make_service(community)
    client.force_login(coordinator.user)

    page = client.get(url("round_open", community))
    response = client.post(
        url("round_open", community),
        {"service": service.pk, "title": "Spring review", "period_start": "2026-01-01", "period_end": "2026-03-31"},
    )

    assert page.status_code == 200
    assessment_round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("invite", community, assessment_round.pk)


@pytest.mark.django_db
def test_a_bad_period_is_shown_beside_the_field_and_nothing_is_opened(client, community, coordinator):
    service = make_service(community)
    client.force_login(coordinator.user)

    response = client.post(
        url("round_open", community),
        {"service": service.pk, "title": "Spring", "period_start": "2026-03-01", "period_end": "2026-01-01"},
    )

    assert response.status_code == 200
    assert "The period must end on or after the day it starts." in response.content.decode()
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_members_cannot_reach_coordinator_pages(client, community, coordinator, member):
    assessment_round = open_round(coordinator)
    client.force_login(member.user)

    for name, args in [
        ("round_open", ()),
        ("round", (assessment_round.pk,)),
        ("invite", (assessment_round.pk,)),
        ("results_pdf", (assessment_round.pk,)),
        ("answers_csv", (assessment_round.pk,)),
        ("next_steps", ()),
        ("statements", ()),
        ("trend", (assessment_round.service_id,)),
    ]:
        assert client.get(url(name, community, *args)).status_code == 404, name


@pytest.mark.django_db
def test_an_invited_member_saves_a_draft_then_sends_their_answers(client, community, coordinator):
    assessment_round = open_round(coordinator)
    person = respondent(assessment_round, coordinator, CITIZEN)
    client.force_login(person.user)

    page = client.get(url("respond", community, assessment_round.pk))
    assert "Staff ask me what I can do for others" in page.content.decode()
    client.post(url("respond", community, assessment_round.pk), {"answer_ASSETS_1": "4", "action": "save"})
    draft = Response.objects.get()
    assert draft.status == Response.Status.DRAFT

    incomplete = client.post(
        url("respond", community, assessment_round.pk), {"answer_ASSETS_1": "4", "action": "submit"}
    )
    assert incomplete.status_code == 400
    assert "Answer every statement before you send your answers" in incomplete.content.decode()

    data = {f"answer_{code}": "dont_know" if code.endswith("_4") else "3" for code in statement_codes()}
    data |= {
        "evidence_ASSETS_1": "We keep a skills board.",
        "link_ASSETS_1": "https://example.org/board",
        "action": "submit",
    }
    sent = client.post(url("respond", community, assessment_round.pk), data)

    assert sent.status_code == 302
    draft.refresh_from_db()
    assert draft.is_submitted
    after = client.get(url("respond", community, assessment_round.pk)).content.decode()
    assert "Your answers have been sent" in after
    assert "We keep a skills board." in after


@pytest.mark.django_db
def test_the_questionnaire_is_in_spanish_for_a_spanish_speaker(client, community, coordinator):
    assessment_round = open_round(coordinator)
    person = respondent(assessment_round, coordinator, PRO)
    client.force_login(person.user)

    page = client.get(url("respond", community, assessment_round.pk), HTTP_ACCEPT_LANGUAGE="es")

    html = page.content.decode()
    assert "Pregunto a las personas qué pueden hacer por los demás" in html
    assert "Enviar mis respuestas" in html
    assert "Aún no hemos empezado" in html


@pytest.mark.django_db
def test_someone_not_invited_gets_404_and_another_community_gets_404(client, community, coordinator, member, outsider):
    assessment_round = open_round(coordinator)

    client.force_login(member.user)
    assert client.get(url("respond", community, assessment_round.pk)).status_code == 404
    assert client.get(url("results", community, assessment_round.pk)).status_code == 404
    client.force_login(outsider.user)
    assert client.get(url("results", community, assessment_round.pk)).status_code == 404
    assert client.get(reverse("assessment:results", args=["hilltop", assessment_round.pk])).status_code == 404


@pytest.mark.django_db
def test_results_show_scores_radar_table_and_hide_small_groups(client, community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [{}, {}, {}], default=4)
    group(assessment_round, coordinator, CITIZEN, [{}], default=2)
    client.force_login(coordinator.user)

    html = client.get(url("results", community, assessment_round.pk)).content.decode()

    assert "<svg" in html
    assert 'role="img"' in html
    assert "series-professional" in html
    assert "series-user" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Not enough responses to show without identifying people" in html
    assert "Going strong" in html
    assert "Self-reported only" in html


@pytest.mark.django_db
def test_invited_members_see_results_once_the_round_is_closed(client, community, coordinator):
    assessment_round = open_round(coordinator)
    person = respondent(assessment_round, coordinator, CITIZEN)
    client.force_login(person.user)
    assert client.get(url("results", community, assessment_round.pk)).status_code == 404

    client.force_login(coordinator.user)
    client.post(url("close", community, assessment_round.pk))
    client.force_login(person.user)

    assert client.get(url("results", community, assessment_round.pk)).status_code == 200


@pytest.mark.django_db
def test_invite_page_invites_by_kind_and_status_shows_the_rate(client, community, coordinator, member):
    assessment_round = open_round(coordinator)
    client.force_login(coordinator.user)

    client.post(url("invite", community, assessment_round.pk), {"kinds": ["citizen"]})
    status = client.get(url("round", community, assessment_round.pk)).content.decode()

    assert assessment_round.invitations.get().membership == member
    assert "Response rate" in status


@pytest.mark.django_db
def test_someone_without_an_account_answers_through_an_anonymous_link(client, community, coordinator):
    assessment_round = open_round(coordinator)
    link = round_link_create(actor=coordinator, community=community, round_id=assessment_round.pk, perspective="user")

    start = client.get(url("link_start", community, link.token))
    begun = client.post(url("link_start", community, link.token), {"name": "Should not be kept"})
    response = Response.objects.get()
    assert start.status_code == 200
    assert begun["Location"] == url("link_respond", community, response.resume_token)
    data = {f"answer_{code}": "5" for code in statement_codes()} | {"action": "submit"}
    client.post(url("link_respond", community, response.resume_token), data)

    response.refresh_from_db()
    assert response.is_submitted
    assert response.respondent_name == ""
    assert client.get(url("link_start", community, "wrong")).status_code == 404
    assert client.get(reverse("assessment:link_start", args=["hilltop", link.token])).status_code == 404


@pytest.mark.django_db
def test_the_next_steps_editor_saves_a_communitys_own_wording(client, community, coordinator):
    client.force_login(coordinator.user)

    client.post(url("next_steps", community), {"step_MUTUALITY_on_the_way": "Share the budget with members."})
    page = client.get(url("next_steps", community)).content.decode()

    assert "Share the budget with members." in page


@pytest.mark.django_db
def test_trend_shows_each_round_for_the_service(client, community, coordinator):
    first = open_round(coordinator, title="Winter")
    open_round(coordinator, service=first.service, title="Summer")
    client.force_login(coordinator.user)

    html = client.get(url("trend", community, first.service_id)).content.decode()

    assert "Winter" in html
    assert "Summer" in html
    assert html.count('class="trend"') == 6


@pytest.mark.django_db
def test_the_rounds_list_offers_answering_only_to_invited_people(client, community, coordinator, member):
    assessment_round = open_round(coordinator)
    respondent_member = respondent(assessment_round, coordinator, CITIZEN)

    client.force_login(respondent_member.user)
    invited_page = client.get(url("rounds", community)).content.decode()
    client.force_login(member.user)
    other_page = client.get(url("rounds", community)).content.decode()

    assert url("respond", community, assessment_round.pk) in invited_page
    assert "Spring review" not in other_page
