"""The 统计 page's server-drawn charts: any label from a school's file stays text (issue 18)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from xcert_adapters.web.charts import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
LABELS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(bars=st.lists(st.builds(Bar, LABELS, st.integers(0, 10_000), st.none() | st.integers(0, 10_000)),
                     max_size=8), title=LABELS)
def test_a_chart_is_well_formed_svg_whose_texts_are_the_labels(bars: list[Bar], title: str) -> None:
    """Whatever the labels hold (``<script>``, quotes, ampersands), the SVG parses, has one row per bar, and
    reads back every label as text; no bar is wider than the chart."""
    svg = ET.fromstring(str(bar_chart(title, bars)))
    assert svg.findtext(f"{SVG}title") == title and not svg.findall(f".//{SVG}script")
    texts = [t.text or "" for t in svg.iter(f"{SVG}text")]
    if bars:
        assert texts[0::2] == [b.label for b in bars]
        assert texts[1::2] == [f"{b.value}" + (f" / {b.whole}" if b.whole is not None else "") for b in bars]
    filled = [float(r.get("width", 0)) for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(filled) == len(bars) and all(0 <= w <= 420 for w in filled)


def test_a_part_is_drawn_against_its_whole() -> None:
    svg = ET.fromstring(str(bar_chart("指标", [Bar("A", 30, 120), Bar("B", 0, 0)])))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert [float(b.get("width", 0)) for b in bars] == [105, 0]
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["A", "30 / 120", "B", "0 / 0"]
