import re

import pytest

from chats.charts import bar_chart, line_chart


def test_a_bar_chart_is_an_svg_with_a_title_a_summary_and_the_numbers_as_a_table():
    html = bar_chart([3, 0, 12, 5], ["19:45", "19:50", "19:55", "20:00"], "Tweets per five minutes", unit="tweets")
    assert html.startswith('<figure class="chart-figure"')
    assert re.search(
        r'<svg class="chart" viewBox="0 0 720 260" role="img" aria-labelledby="(chart-\w+)-title \1-desc"', html
    )
    assert "<title id=" in html and ">Tweets per five minutes</title>" in html
    assert "Total 20 tweets; highest 12 tweets at 19:55. Covers 19:45 to 20:00." in html
    assert html.count("<rect ") == 4
    assert '<tr><th scope="row">19:55</th><td>12</td></tr>' in html


def test_the_highest_bar_reaches_a_round_top_of_the_scale():
    html = bar_chart([42], ["x"], "T")
    ticks = re.findall(r'class="chart-tick"[^>]*>([\d,]+)</text>', html)
    assert ticks == ["0", "10", "20", "30", "40", "50"]


def test_several_series_get_a_legend_and_a_column_each():
    html = line_chart({"replies": [1, 2], "retweets": [0, 4]}, ["Jan", "Feb"], "Engagement")
    assert html.count("<polyline") == 2
    assert '<ul class="chart-legend">' in html and ">replies</li>" in html
    assert '<th scope="col">replies</th><th scope="col">retweets</th>' in html
    assert "Replies: total 3, highest 2 at Feb." in html


def test_every_text_is_escaped():
    html = bar_chart({"<b>x</b>": [1]}, ["<script>"], 'A "title" & <more>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "A &quot;title&quot; &amp; &lt;more&gt;" in html


def test_it_refuses_a_series_that_does_not_fit_its_labels():
    with pytest.raises(ValueError, match="has 2 values for 3 labels"):
        bar_chart([1, 2], ["a", "b", "c"], "T")


def test_an_empty_series_draws_an_empty_chart():
    html = bar_chart([0, 0], ["a", "b"], "Nothing yet")
    assert "Value: none." in html


def test_month_labels_are_thinned_so_they_never_run_together():
    import re

    from chats import charts

    months = [f"{m} {y}" for y in (2024, 2025) for m in ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())]
    html = line_chart({"sent": list(range(24)), "received": list(range(24))}, months, "Interactions")
    shown = re.findall(r'<text x="([\d.]+)"[^>]*class="chart-tick chart-x( chart-tick-wide)?"[^>]*>([^<]+)</text>', html)
    assert "Jan 2024" in [label for _, _, label in shown] and len(shown) < 24

    def apart(labels: list[tuple[float, str]], font: float) -> bool:
        width = max(len(label) for _, label in labels) * font * charts.CHAR_EM
        return all(b - a >= width for (a, _), (b, _) in zip(labels, labels[1:], strict=False))

    desktop = [(float(x), label) for x, _, label in shown]
    phone = [(float(x), label) for x, wide, label in shown if not wide]
    assert apart(desktop, charts.FONT) and apart(phone, charts.NARROW_FONT)
    assert 2 <= len(phone) < len(desktop)
