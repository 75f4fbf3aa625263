"""Server-side SVG charts with pygal, shipped as data: images (no script runs; the page's own
CSP is kept). Every chart on a page is paired with a data table carrying the same numbers."""

import base64
import re

import pygal
from pygal.style import Style

STYLE = Style(
    background="white", plot_background="white", foreground="#1a1a1a", foreground_strong="#000000",
    foreground_subtle="#595959", colors=("#1f5fa8", "#b3261e", "#2e7d32", "#6a1b9a", "#8d6e00"),
    font_family="sans-serif", label_font_size=12, major_label_font_size=12, legend_font_size=13, title_font_size=15,
)
CONFIG = dict(style=STYLE, js=[], disable_xml_declaration=True, width=760, height=360, print_values=False,
              show_legend=True, legend_at_bottom=True, truncate_legend=-1, explicit_size=True)


def _uri(chart) -> str:
    svg = re.sub(r"<script.*?</script>", "", chart.render(is_unicode=True), flags=re.S)  # inert in an <img> anyway
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def heatmap(title: str, grid: list[list], weekdays: list[str]) -> str:
    """Hour × weekday as a punch card (pygal's Dot chart): one row per weekday, the dot's size
    is the number of contacts in that hour; hidden cells are left empty."""
    chart = pygal.Dot(title=title, x_label_rotation=0, **{**CONFIG, "show_legend": False, "height": 320})
    chart.x_labels = [f"{h:02d}" for h in range(24)]
    for name, row in zip(weekdays, grid):
        chart.add(name, row)
    return _uri(chart)


def trend(title: str, weeks: list[str], series: dict) -> str:
    chart = pygal.Line(title=title, x_label_rotation=45, show_minor_x_labels=False, show_dots=False, **CONFIG)
    chart.x_labels = weeks
    chart.x_labels_major = weeks[:: max(1, len(weeks) // 12)]
    for name, values in series.items():
        chart.add(name, values)
    return _uri(chart)


def bars(title: str, labels: list[str], series: dict) -> str:
    chart = pygal.Bar(title=title, show_minor_x_labels=False, **CONFIG)
    chart.x_labels = labels
    chart.x_labels_major = labels[:: max(1, len(labels) // 15)]
    for name, values in series.items():
        chart.add(name, values)
    return _uri(chart)


def lines_percent(title: str, labels: list[str], series: dict) -> str:
    chart = pygal.Line(title=title, range=(0, 100), value_formatter=lambda v: f"{v:.0f} %", **CONFIG)
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, [None if v is None else round(100 * v, 1) for v in values])
    return _uri(chart)
