import pytest

from coproduce.assessment.charts import line_svg, radar_points, radar_svg


def test_radar_points_start_straight_up_and_scale_with_the_score():
    points = radar_points([100, 0, 0, 50, 0, 0], cx=100, cy=100, radius=80)

    assert points[0] == pytest.approx((100, 20))
    assert points[1] == pytest.approx((100, 100))
    assert points[3] == pytest.approx((100, 140))


def test_the_radar_draws_one_polygon_per_shown_perspective_with_a_text_alternative():
    series = {
        "professional": dict.fromkeys(
            ["ASSETS", "CAPABILITIES", "MUTUALITY", "NETWORKS", "BLURRING_ROLES", "CATALYSTS"], 75
        )
    }

    svg = str(radar_svg(series, chart_id="r1"))

    assert svg.count('class="radar-area series-professional"') == 1
    assert "series-user" not in svg
    assert 'aria-labelledby="r1-title r1-desc"' in svg
    assert "Assets 75" in svg


def test_the_trend_chart_escapes_labels_and_breaks_the_line_where_there_is_no_score():
    svg = str(line_svg(["<b>Jan</b>", "Jun", "Dec"], {"user": [40, None, 60]}, chart_id="t", title="Assets"))

    assert "<b>" not in svg
    assert "&lt;b&gt;Jan&lt;/b&gt;" in svg
    assert "polyline" not in svg  # two single points, no line across the missing round
    assert svg.count('class="trend-dot series-user"') == 2
