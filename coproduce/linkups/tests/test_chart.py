import datetime as dt

from coproduce.linkups.chart import COLOURS, progress_chart

START = dt.datetime(2026, 1, 5, 17, 0, tzinfo=dt.UTC)


def test_lines_share_a_time_axis_with_0_at_the_bottom_and_10_at_the_top():
    chart = progress_chart(
        [
            ("Goal 1", [(START, 0), (START + dt.timedelta(days=28), 10)]),
            ("Goal 2", [(START + dt.timedelta(days=14), 5)]),
        ]
    )

    first, second = chart.lines
    assert first.points[0][:2] == (chart.left, chart.plot_bottom)
    assert first.points[1][:2] == (chart.plot_right, chart.top)
    middle_x = chart.left + (chart.plot_right - chart.left) / 2
    assert second.points[0][:3] == (middle_x, chart.top + (chart.plot_bottom - chart.top) / 2, 5)
    assert (first.colour, second.colour) == COLOURS[:2]
    assert first.dash != second.dash
    assert [score for _y, score in chart.y_ticks] == [0, 2, 4, 6, 8, 10]
    assert chart.x_ticks[0][1] == "5 Jan"
    assert first.path == f"{chart.left:.1f},{chart.plot_bottom:.1f} {chart.plot_right:.1f},{chart.top:.1f}"


def test_a_single_rating_sits_in_the_middle_and_no_ratings_is_an_empty_chart():
    single = progress_chart([("Goal 1", [(START, 3)])])
    assert single.lines[0].points[0][0] == single.left + (single.plot_right - single.left) / 2
    assert len(single.x_ticks) == 1

    empty = progress_chart([("Goal 1", [])])
    assert empty.is_empty
    assert empty.x_ticks == []
