"""统计 in the workbench: the statistics report of :func:`xcert_adapters.app.statistics.statistics_report` — the
same sections, lines and charts ``xcert report statistics`` prints — with each chart drawn by the PDF report's
own chart code (:mod:`xcert_adapters.rendering.report_charts`) as inline SVG. Read only; every role may see it
(counts, no personal data)."""

from __future__ import annotations

import warnings
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Template
from markupsafe import Markup

from xcert_adapters.app.statistics import statistics_report
from xcert_adapters.rendering.fonts import find_font
from xcert_adapters.rendering.report_charts import chart_svg
from xcert_adapters.web.served import Served

CHART_WIDTH = 760.0


class StatsPages(Controller):
    """``/stats``."""

    path = "/stats"
    include_in_schema = False

    @get("/", sync_to_thread=True)
    def charts(self, served: NamedDependency[Served]) -> Template:
        """The report's sections with their charts."""
        with served.workspace() as workspace:
            report = statistics_report(workspace)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # no CJK font: the page's own font draws the text anyway
            font = find_font()
        sections: list[dict[str, Any]] = [
            {"heading": s.heading, "lines": s.lines,
             "charts": [Markup(chart_svg(c, CHART_WIDTH, font.name, f"chart-{n}-{m}")) for m, c in enumerate(s.charts)]}
            for n, s in enumerate(report.sections)]
        return Template("stats.html", context={"school": report.school_name, "sections": sections})
