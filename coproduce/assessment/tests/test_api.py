import json

import pytest

from coproduce.assessment.tests.factories import answers_for, group, make_service, open_round, respondent
from coproduce.communities.models import Membership

PRO = Membership.Kind.PROFESSIONAL
CITIZEN = Membership.Kind.CITIZEN


def base(community) -> str:
    return f"/api/v1/communities/{community.slug}/assessment"


def put_json(client, path, data):
    return client.put(path, data=json.dumps(data), content_type="application/json")


def post_json(client, path, data):
    return client.post(path, data=json.dumps(data), content_type="application/json")


@pytest.mark.django_db
def test_instruments_list_the_shipped_statements_in_both_languages(client, community, member):
    client.force_login(member.user)

    body = client.get(base(community) + "/instruments").json()

    assert body[0]["version"] == 1
    assert len(body[0]["statements"]) == 24
    assert set(body[0]["statements"][0]["user_texts"]) == {"en", "es"}


@pytest.mark.django_db
def test_a_coordinator_opens_invites_and_closes_through_the_api(client, community, coordinator, member):
    service = make_service(community)
    client.force_login(coordinator.user)

    opened = post_json(
        client,
        base(community) + "/rounds",
        {"service_id": service.pk, "title": "Spring", "period_start": "2026-01-01", "period_end": "2026-03-31"},
    )
    round_id = opened.json()["id"]
    invited = post_json(client, base(community) + f"/rounds/{round_id}/invitations", {"kinds": ["citizen"]})
    link = post_json(client, base(community) + f"/rounds/{round_id}/links", {"perspective": "user"})
    status = client.get(base(community) + f"/rounds/{round_id}/status")
    closed = client.post(base(community) + f"/rounds/{round_id}/close")

    assert opened.status_code == 201
    assert invited.json() == {"invited": 1}
    assert link.status_code == 201
    assert [row["invited"] for row in status.json()] == [0, 1]
    assert closed.json()["status"] == "closed"


@pytest.mark.django_db
def test_a_bad_period_names_the_field(client, community, coordinator):
    service = make_service(community)
    client.force_login(coordinator.user)

    response = post_json(
        client,
        base(community) + "/rounds",
        {"service_id": service.pk, "title": "Spring", "period_start": "2026-03-01", "period_end": "2026-01-01"},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "period_end"


@pytest.mark.django_db
def test_respondents_save_send_and_read_only_their_own_answers(client, community, coordinator):
    assessment_round = open_round(coordinator)
    me = respondent(assessment_round, coordinator, CITIZEN)
    other = respondent(assessment_round, coordinator, CITIZEN)
    path = base(community) + f"/rounds/{assessment_round.pk}/response"
    client.force_login(other.user)
    put_json(client, path, {"answers": [{"code": "ASSETS_1", "rating": 1, "evidence_text": "other's secret"}]})

    client.force_login(me.user)
    assert client.get(path).status_code == 404
    draft = put_json(client, path, {"answers": [{"code": "ASSETS_1", "rating": 5}]})
    answers = [{"code": a.code, "rating": a.rating, "dont_know": a.dont_know} for a in answers_for({})]
    sent = put_json(client, path + "?submit=true", {"answers": answers, "language": "es"})
    mine = client.get(path).json()
    again = put_json(client, path, {"answers": [{"code": "ASSETS_1", "rating": 1}]})

    assert draft.json()["status"] == "draft"
    assert sent.json()["status"] == "submitted"
    assert mine["language"] == "es"
    assert {a["code"]: a["rating"] for a in mine["answers"]}["ASSETS_1"] == 3
    assert "other's secret" not in json.dumps(mine)
    assert again.status_code == 400


@pytest.mark.django_db
def test_results_respect_the_minimum_group_size(client, community, coordinator):
    assessment_round = open_round(coordinator)
    group(assessment_round, coordinator, PRO, [{}, {}, {}], default=4)
    group(assessment_round, coordinator, CITIZEN, [{}, {}], default=2)
    client.force_login(coordinator.user)

    body = client.get(base(community) + f"/rounds/{assessment_round.pk}/results").json()

    assets = body["principles"][0]
    assert body["respondents"] == {"professional": 3, "user": 2}
    assert assets["professional"] == {"respondents": 3, "hidden": False, "score": 75, "band": "going_strong"}
    assert assets["user"] == {"respondents": 2, "hidden": True, "score": None, "band": None}
    assert assets["gap"] is None


@pytest.mark.django_db
def test_members_see_results_only_when_invited_and_closed_and_outsiders_never(
    client, community, coordinator, member, outsider
):
    assessment_round = open_round(coordinator)
    person = respondent(assessment_round, coordinator, CITIZEN)
    path = base(community) + f"/rounds/{assessment_round.pk}/results"

    client.force_login(person.user)
    assert client.get(path).status_code == 404
    client.force_login(member.user)
    assert client.get(base(community) + f"/rounds/{assessment_round.pk}").status_code == 404
    assert client.get(base(community) + "/rounds").json() == []
    client.force_login(outsider.user)
    assert client.get(path).status_code == 404
    assert client.get(base(community) + "/rounds").status_code == 404
    client.force_login(member.user)
    assert (
        post_json(
            client,
            base(community) + "/rounds",
            {
                "service_id": assessment_round.service_id,
                "title": "x",
                "period_start": "2026-01-01",
                "period_end": "2026-01-02",
            },
        ).status_code
        == 404
    )
