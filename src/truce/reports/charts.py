"""The chart of incidents per day by type, drawn as SVG by hand (no plotting library, no fonts
fetched): stacked bars, one a day, coloured by type, with a legend of the types shown.

The output is a pure function of its input, so the same data gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from truce.domain.taxonomy import IncidentType
from truce.reports.build import DayCounts

#: One colour a type: attacks in reds and oranges, movements in blues, the rest muted.
TYPE_COLOURS: dict[IncidentType, str] = {
    IncidentType.ARMED_CLASH: "#b2182b",
    IncidentType.AIR_OR_DRONE_STRIKE: "#d6604d",
    IncidentType.SHELLING: "#e08214",
    IncidentType.REMOTE_EXPLOSIVE: "#8c510a",
    IncidentType.ATTACK_ON_CIVILIANS: "#67001f",
    IncidentType.TROOP_MOVEMENT: "#2166ac",
    IncidentType.WITHDRAWAL: "#4393c3",
    IncidentType.ARMS_TRANSFER: "#5e3c99",
    IncidentType.FOREIGN_FIGHTERS: "#8073ac",
    IncidentType.WEAPONS_OBSERVED: "#1b7837",
    IncidentType.ACCESS_DENIED: "#c51b7d",
    IncidentType.MEETING: "#7fbc41",
    IncidentType.AGREEMENT: "#4d9221",
    IncidentType.MECHANISM_ESTABLISHED: "#35978f",
    IncidentType.MONITORING_ACTIVITY: "#01665e",
    IncidentType.STATEMENT: "#878787",
    IncidentType.ACCUSATION: "#4d4d4d",
    IncidentType.PROTEST: "#bf812d",
    IncidentType.RESIGNATION: "#bababa",
}

WIDTH = 680
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 36, 170, 14, 34
FONT = "font-family:'DejaVu Sans',sans-serif"


def type_label(incident_type: IncidentType) -> str:
    return str(incident_type).replace("_", " ")


def daily_chart_svg(days: Sequence[DayCounts]) -> str:
    """Stacked bars of incidents per day by type; an empty period still draws its axes."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    highest = max((day.total for day in days), default=0)
    ceiling = max(_nice_ceiling(highest), 1)
    slot = plot_width / max(len(days), 1)
    bar = slot * 0.7
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Incidents per day by type">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for tick in _ticks(ceiling):
        y = TOP + plot_height - plot_height * tick / ceiling
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_width}" y2="{y:.1f}" '
            'stroke="#dddddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'style="{FONT}">{tick}</text>'
        )
    shown: list[IncidentType] = []
    for index, day in enumerate(days):
        x = LEFT + slot * index + (slot - bar) / 2
        base = float(TOP + plot_height)
        for incident_type in IncidentType:
            count = day.by_type.get(incident_type, 0)
            if not count:
                continue
            if incident_type not in shown:
                shown.append(incident_type)
            height = plot_height * count / ceiling
            base -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{TYPE_COLOURS[incident_type]}"><title>{day.day}: {count} '
                f"{escape(type_label(incident_type))}</title></rect>"
            )
        if len(days) <= 7 or (len(days) - 1 - index) % 2 == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle" '
                f'font-size="10" style="{FONT}">{day.day.day} {day.day:%b}</text>'
            )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_height}" x2="{LEFT + plot_width}" '
        f'y2="{TOP + plot_height}" stroke="#333333" stroke-width="1"/>'
    )
    parts.extend(_legend(shown))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(types: Sequence[IncidentType]) -> list[str]:
    x = WIDTH - RIGHT + 14
    parts = []
    if not types:
        parts.append(
            f'<text x="{x}" y="{TOP + 12}" font-size="11" style="{FONT}">no incidents</text>'
        )
    for index, incident_type in enumerate(sorted(types)):
        y = TOP + index * 18
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{TYPE_COLOURS[incident_type]}"/>'
        )
        parts.append(
            f'<text x="{x + 18}" y="{y + 10}" font-size="11" style="{FONT}">'
            f"{escape(type_label(incident_type))}</text>"
        )
    return parts


def _nice_ceiling(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if value <= step * 5:
            return -(-value // step) * step
    return value


def _ticks(ceiling: int) -> list[int]:
    step = max(1, ceiling // 5)
    return list(range(0, ceiling + 1, step))
