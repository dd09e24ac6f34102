"""Horizontal bar charts drawn on the server as SVG, for pages that must also print or
become a PDF, where Chart.js does not run (the yearly report).

`bars(chart)` takes the chart dict of `gentintl.charts.chart` (its series and rows) and
returns the geometry that `includes/_svg_bar_chart.html` draws: one bar per row, one
segment per series, each row's label above its bar and its total after it; and the same
numbers as a table, turned so that it has the fewer columns (an A4 page is narrow).
"""

# The categorical palette of the home page's charts (gentintl.js), in the same order.
PALETTE = [
    "#007db3",
    "#f95706",
    "#38ab30",
    "#5a0ec4",
    "#fab600",
    "#0340c7",
    "#ff0099",
    "#29cfc9",
    "#23333a",
    "#f20f36",
]
WIDTH = 640
# Room after the longest bar for its total.
TOTAL_ROOM = 48
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10


def number(value: float) -> str:
    """A coordinate as SVG reads it: a point as decimal mark, whatever the language."""
    return f"{value:.1f}".removesuffix(".0")


def bars(chart: dict) -> dict:
    """The SVG geometry of `chart`: rows of segments scaled to the largest total."""
    totals = [sum(row["values"]) for row in chart["rows"]]
    scale = (WIDTH - TOTAL_ROOM) / max([*totals, 1])
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    rows = []
    for index, (row, total) in enumerate(zip(chart["rows"], totals, strict=True)):
        top = index * row_height
        bar_y = top + LABEL_HEIGHT
        x, segments = 0.0, []
        for series_index, value in enumerate(row["values"]):
            if not value:
                continue
            width = value * scale
            segments.append(
                {
                    "x": number(x),
                    "width": number(width),
                    "fill": PALETTE[series_index % len(PALETTE)],
                    "series": chart["series"][series_index],
                    "value": value,
                }
            )
            x += width
        rows.append(
            {
                "label": row["label"],
                "label_y": number(top + LABEL_HEIGHT - 5),
                "bar_y": number(bar_y),
                "segments": segments,
                "total": total,
                "total_x": number(x + 6),
                "total_y": number(bar_y + BAR_HEIGHT - 3),
            }
        )
    return {
        "table": table(chart),
        "width": WIDTH,
        "height": max(len(rows) * row_height - ROW_GAP, 1),
        "bar_height": BAR_HEIGHT,
        "rows": rows,
        "legend": [
            {"label": label, "fill": PALETTE[index % len(PALETTE)]}
            for index, label in enumerate(chart["series"])
        ],
    }


def table(chart: dict) -> dict:
    """The chart's numbers with a column per series, or a column per row when fewer."""
    if len(chart["series"]) <= len(chart["rows"]):
        return {"columns": chart["series"], "rows": chart["rows"]}
    return {
        "columns": [row["label"] for row in chart["rows"]],
        "rows": [
            {"label": series, "values": [row["values"][index] for row in chart["rows"]]}
            for index, series in enumerate(chart["series"])
        ],
    }
