import csv
import io

from django.urls import reverse

from coproduce.insights.exports import funder_csv, funder_pdf
from coproduce.insights.report import insights_compute
from coproduce.insights.tests.factories import END, START, backdate_members, day, exchange, make_service


def payload_with_exchanges(community, member, other_member, category="Gardening"):
    backdate_members(community)
    exchange(community, make_service(community), member, other_member, minutes=90, when=day(3), category=category)
    return insights_compute(community=community, start=START, end=END)


def test_csv_has_the_key_figures_months_and_categories(community, member, other_member):
    text = funder_csv(
        payload_with_exchanges(community, member, other_member), community=community, period_label="Jan–Jun 2025"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Funder report", community.name, "Jan–Jun 2025"]
    assert ["Hours given", "1.5"] in rows
    assert ["2025-01", "1.5", "1.5", "1", "1"] in rows
    assert ["Gardening", "1", "1.5"] in rows


def test_csv_neutralises_spreadsheet_formulas(community, member, other_member):
    text = funder_csv(
        payload_with_exchanges(community, member, other_member, category="=HYPERLINK(1)"),
        community=community,
        period_label="x",
    )
    assert ["'=HYPERLINK(1)", "1", "1.5"] in list(csv.reader(io.StringIO(text)))


def test_pdf_is_a_pdf(community, member, other_member):
    pdf = funder_pdf(
        payload_with_exchanges(community, member, other_member), community=community, period_label="Jan–Jun 2025"
    )
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


def test_downloads(client, community, coordinator):
    client.force_login(coordinator.user)
    response = client.get(reverse("insights:funder_csv", args=[community.slug]) + "?period=3")
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="{community.slug}-funder-report-' in response["Content-Disposition"]
    response = client.get(reverse("insights:funder_pdf", args=[community.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
