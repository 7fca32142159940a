"""Interactive maps of journeys: a page per journey and an overview page, as self-contained HTML.

A journey's page shows its route along the track, each leg coloured by the speed its reported times
imply against the assumed speed (estimated legs dashed), a marker per stop whose popup gives the
reported times in local time and UTC with the sources' own words, the claims with their verdicts, and
a time slider that plays the train along the track beside a time–distance chart.

folium builds the Leaflet map; everything that carries text from a record goes through here first,
because a record is untrusted input: every string is HTML-escaped, a URL becomes a link only when it
is http(s), and record data reaches the page as JSON in a non-executable ``<script>`` element. It is
never put into a folium ``Popup`` (whose JavaScript template literal would run ``${...}``) nor into
a branca ``Element`` template (which Jinja would evaluate).

By default Leaflet itself is inlined (see :mod:`journeys.render.assets`), so a page opens with no
network; only the optional OpenStreetMap base layer needs one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from journeys.atomic import write_text_atomic
from journeys.geo.geocode import geodesic_km
from journeys.render import background as basemap
from journeys.render import cities as context
from journeys.render import compact, download
from journeys.render.assets import MAP_CSS, MAP_JS, json_script, leaflet_head, script_tag, style_tag, vendor_js
from journeys.render.leanfolium import Element, Figure, MacroElement, Template, folium
from journeys.render.panel import DIRECTION_KEY, journey_legend, journey_panel, overview_panel, stop_symbols, swatch
from journeys.render.popups import SPEED_COLOURS, display_coords, esc, leg_popup, offset_minutes, stop_popup, stop_tooltip
from journeys.render.schedule import MappedJourney

DATA_ID = "journeys-data"
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

JOURNEY_COLOURS = ("#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#17becf",
                   "#6a3d9a", "#b15928")
#: Display geometry: simplification tolerance (degrees) and decimals, per page kind.
JOURNEY_DETAIL = (0.0005, 5)
OVERVIEW_DETAIL = (0.005, 3)
#: A trip returns home when its last stop is nearer its first than this share of its farthest reach.
HOME_SHARE = 0.25


class _Raw(Element):
    """Markup placed in the page verbatim: branca would parse an Element's text as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


#: The layer of names on the map (stops and cities); not a journey id, which starts with a letter or digit.
NAMES = "_names"
NAMES_TITLE = "Place names"


# -- page data ------------------------------------------------------------------------------------

def leg_directions(mj: MappedJourney) -> list[str]:
    """``out`` or ``back`` for each leg: a round trip turns at the stop farthest from its origin.

    A trip whose last stop is not near its first (see HOME_SHARE) is all ``out``. The page draws every
    line to the right of its direction of travel, so the two directions of one track sit side by side;
    this split only lets the reader switch each direction on and off.
    """
    coords = mj.trip.coords
    reach = [geodesic_km(coords[0], c) for c in coords]
    farthest = max(range(len(reach)), key=reach.__getitem__)
    home = reach[farthest] > 0 and reach[-1] < reach[farthest] * HOME_SHARE
    return ["back" if home and leg.start >= farthest else "out" for leg in mj.route.legs]


def _legs_data(mj: MappedJourney, detail: tuple[float, int], with_popups: bool = True) -> list[dict[str, Any]]:
    legs = []
    directions = leg_directions(mj)
    for leg, check, start_km, direction in zip(mj.route.legs, mj.check.legs, mj.schedule.stop_km, directions,
                                               strict=False):
        popup, tooltip, kind = leg_popup(mj, leg, check)
        legs.append({
            "coords": compact.encode(display_coords(leg.coords, detail), detail[1]),
            "start_km": round(start_km, 3), "km": round(leg.km, 3),
            "direction": direction, "stops": [leg.start, leg.end],
            "estimate": leg.method == "estimate", "color": SPEED_COLOURS[kind], "speed_class": kind,
            "popup_html": popup if with_popups else tooltip, "tooltip_html": tooltip,
        })
    return legs


def _stops_data(mj: MappedJourney, with_popups: bool = True) -> list[dict[str, Any]]:
    """Stop data; ``name`` is raw text, only ever set with textContent, the ``_html`` fields are escaped."""
    stops = []
    for index, stop in enumerate(mj.journey.stops):
        lat, lon = mj.trip.coords[index]
        moment = mj.schedule.reach[index]
        offset = 0 if mj.schedule.relative else offset_minutes(moment, mj.trip.timeline.zones[index])
        stops.append({
            "name": stop.name, "role": stop.role, "lat": round(lat, 5), "lon": round(lon, 5),
            "km": round(mj.schedule.stop_km[index], 3), "offset_min": offset,
            "popup_html": stop_popup(mj, index) if with_popups else "", "tooltip_html": stop_tooltip(mj, index),
        })
    return stops


def journey_data(mj: MappedJourney) -> dict[str, Any]:
    """Everything the page script draws for one journey."""
    anchors = mj.schedule.anchors
    return {
        "id": mj.journey.id, "speed": mj.speed, "distance_text": str(mj.check.distance_km),
        "legs": _legs_data(mj, JOURNEY_DETAIL), "stops": _stops_data(mj),
        "anchors": [[round(t, 1), round(km, 3)] for t, km in anchors],
        "time": {"t0": anchors[0][0], "t1": anchors[-1][0], "relative": mj.schedule.relative},
        "legend_html": journey_legend(mj), "credits": track_credits([mj]),
        # (what `journeys export` writes is offered too, packed in an element of its own: download.py)
    }


def page_cities(mapped: Sequence[MappedJourney]) -> dict[str, Any]:
    """The major cities around the journeys, once per page however many journeys it draws (see
    journeys.render.cities), and the credit their source asks for when there are any."""
    stops = [(float(lat), float(lon)) for mj in mapped for lat, lon in mj.trip.coords]
    lines = [np.asarray(leg.coords, dtype=float).reshape(-1, 2)[:, ::-1] for mj in mapped for leg in mj.route.legs]
    track = np.concatenate(lines) if lines else np.empty((0, 2))  # (lon, lat) → (lat, lon)
    cities = context.context_cities(stops, track)
    return {"cities": cities, "cities_credit": context.CREDIT if cities else ""}


def track_credits(mapped: Sequence[MappedJourney]) -> list[str]:
    """What the licences of the drawn track ask a map to show, e.g. "© OpenStreetMap contributors" (ODbL)."""
    return list(dict.fromkeys(c for mj in mapped for leg in mj.route.legs for c in leg.credits))


def layer_name_html(text: str) -> str:
    """Record text as a layer's name in the layer control, which Leaflet sets as HTML.

    Escaped, and its braces too: folium renders the control's script through Jinja a second time
    (a MacroElement's output becomes an Element's template), so ``{{ 7*7 }}`` in a title would be
    evaluated at build time. As character references the braces show as typed and Jinja sees none.
    """
    return esc(text).replace("{", "&#123;").replace("}", "&#125;")


def _payload(data: dict[str, Any]) -> str:
    return json_script(DATA_ID, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


# -- folium assembly ------------------------------------------------------------------------------

class _PlainBackground(folium.map.Layer):
    """The offline base layer: a graticule the page script draws, no tiles to fetch."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = Journeys.plainLayer(function () {
                return Journeys.readData({{ this.data_id|tojson }}).land; }, {{ this.attribution|tojson }});
        {% endmacro %}
    """)

    def __init__(self, name: str, show: bool) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "PlainBackground"
        self.attribution = f"Plain background, no tiles. {basemap.ATTRIBUTION}"
        self.data_id = DATA_ID


class _TileNote(MacroElement):
    """Has the page say so when a tile layer cannot load, rather than show a blank map (see the page script)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            Journeys.noteTileErrors({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneysTileNote"


class _Draw(MacroElement):
    """Calls the page script's drawing function with the map and its folium layer groups (taken off the
    map while it draws, see drawDetached in the page script)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            Journeys.drawDetached({{ this._parent.get_name() }}, {{ this.layers }},
                                  Journeys.readData({{ this.data_id|tojson }}), Journeys.{{ this.function }});
        {% endmacro %}
    """)

    def __init__(self, function: str, layers: dict[str, folium.FeatureGroup]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneysDraw"
        self.function = function
        self.data_id = DATA_ID
        self.layers = "{" + ", ".join(f"{json.dumps(key)}: {group.get_name()}" for key, group in layers.items()) + "}"


def _figure(fmap: folium.Map) -> Figure:
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    return figure


def base_map(title: str, self_contained: bool) -> folium.Map:
    """A map with the page's head, scale bar and base layers; Leaflet inline unless linking the CDN.

    The plain background is the default when self-contained, so the page draws everything offline;
    with ``--cdn`` the page needs the network anyway, so OpenStreetMap comes first.
    """
    fmap = folium.Map(location=(0.0, 0.0), zoom_start=2, tiles=None, control_scale=True, zoom_snap=0.25)
    head = [f"<title>{esc(title)}</title>"]
    if self_contained:
        fmap.default_js = []
        fmap.default_css = []
        head.append(leaflet_head())
    head.append(style_tag(MAP_CSS))
    _figure(fmap).header.add_child(_Raw("\n".join(head)), name="journeys_head")
    _PlainBackground("Plain background (works offline)", show=self_contained).add_to(fmap)
    folium.TileLayer(openstreetmap(), name="OpenStreetMap (needs the network)", show=not self_contained).add_to(fmap)
    _TileNote().add_to(fmap)
    return fmap


def _land_of(mapped: Sequence[MappedJourney]) -> tuple[tuple[float, float, float, float],
                                                       tuple[tuple[float, float], ...]] | None:
    """The bounds of every stop and leg of the journeys, rounded to 0.1° so that pages of one region
    share the kept land, and the route's border crossings (each journey's, found once); None when
    there is nothing to draw."""
    stops = [np.array(mj.trip.coords, dtype=float).reshape(-1, 2)[:, ::-1] for mj in mapped]  # (lat, lon) → (lon, lat)
    routes = [np.concatenate([leg.coords for leg in mj.route.legs]) for mj in mapped if mj.route.legs]
    arrays = [*stops, *routes]
    points = np.concatenate(arrays) if arrays else np.empty((0, 2))
    if not len(points):
        return None
    (west, south), (east, north) = points.min(axis=0).tolist(), points.max(axis=0).tolist()
    crossings = tuple(sorted({c for mj in mapped for c in mj.crossings}))
    return (round(west, 1), round(south, 1), round(east, 1), round(north, 1)), crossings


@cache
def openstreetmap() -> Any:
    """xyzservices' OpenStreetMap tiles, looked up once: folium given the name searches every
    provider's entry again for each page."""
    import xyzservices

    return xyzservices.providers.query_name("OpenStreetMap Mapnik")


def page_land(mapped: Sequence[MappedJourney]) -> list[basemap.Polygon]:
    """The land and borders around every stop and leg of the journeys, in full detail where a route
    crosses a border (see journeys.render.background)."""
    where = _land_of(mapped)
    return basemap.land(*where) if where else []


def page_land_data(mapped: Sequence[MappedJourney]) -> list[Any]:
    """:func:`page_land` as the page data carries it, every ring an encoded line."""
    where = _land_of(mapped)
    return basemap.land_data(*where) if where else []


def _finish(fmap: folium.Map, body: str, data: dict[str, Any], function: str,
            layers: dict[str, folium.FeatureGroup], collapsed: bool, tail: str = "") -> str:
    """The page; ``tail`` (data read only on demand) goes last, after the scripts that draw."""
    folium.LayerControl(collapsed=collapsed).add_to(fmap)
    _Draw(function, layers).add_to(fmap)
    figure = _figure(fmap)
    # the plugins are not on folium's CDN list, so always inline; in the body, after the head's Leaflet,
    # which with --cdn folium links only as it renders, after anything put in the head beforehand
    figure.html.add_child(_Raw("\n".join([body, _payload(data), vendor_js(), script_tag(MAP_JS), tail])),
                          name="journeys_body")
    return str(figure.render())


def journey_page(mj: MappedJourney, self_contained: bool = True) -> str:
    """The HTML page of one journey."""
    fmap = base_map(f"{mj.journey.title} — journeys", self_contained)
    round_trip = "back" in leg_directions(mj)
    layers = {"route": folium.FeatureGroup(name="Outbound, coloured by implied speed" if round_trip
                                           else "Route, coloured by implied speed")}
    if round_trip:
        layers["return"] = folium.FeatureGroup(name="Return, coloured by implied speed")
    layers |= {
        "stops": folium.FeatureGroup(name="Stops"),
        NAMES: folium.FeatureGroup(name=NAMES_TITLE),
        "train": folium.FeatureGroup(name="Train at the slider's time"),
    }
    for group in layers.values():
        group.add_to(fmap)
    data = {**journey_data(mj), "land": page_land_data([mj]), **page_cities([mj])}
    return _finish(fmap, journey_panel(mj), data, "drawJourney", layers, collapsed=True, tail=download.element(mj))


def _overview_entry(mj: MappedJourney, colour: str) -> dict[str, Any]:
    """One journey on the overview: its line simplified and its popups short (a line of what and when,
    and which journey, linking to its page for the times, sources and checks), so that a hundred
    journeys stay under 2 MB; the detail lives on the journey's own page."""
    whose = (f'<div class="jr-of">{swatch(colour)}<a href="{esc(mj.journey.id)}.html">'
             f"{esc(mj.journey.title)}</a></div>")
    legs = _legs_data(mj, OVERVIEW_DETAIL, with_popups=False)
    stops = _stops_data(mj, with_popups=False)
    for leg in legs:
        leg["popup_html"] = leg["tooltip_html"] + whose
    for stop in stops:
        stop["popup_html"] = f'<h3>{esc(stop["name"])}</h3><div>{stop["tooltip_html"]}</div>{whose}'
    return {"id": mj.journey.id, "color": colour, "legs": legs, "stops": stops}


def overview_page(mapped: Sequence[MappedJourney], self_contained: bool = True) -> str:
    """The overview page: every journey as a layer that can be switched on and off."""
    fmap = base_map("Journeys — overview", self_contained)
    colours = [JOURNEY_COLOURS[i % len(JOURNEY_COLOURS)] for i in range(len(mapped))]
    layers: dict[str, folium.FeatureGroup] = {}
    for mj, colour in zip(mapped, colours, strict=True):
        # (folium keys the control by this text: the id attribute keeps two journeys of one title apart)
        label = (f'<span class="sw" data-layer="{esc(mj.journey.id)}" style="background:{colour}"></span>'
                 f"{layer_name_html(mj.journey.title)}")
        layers[mj.journey.id] = folium.FeatureGroup(name=label)
        layers[mj.journey.id].add_to(fmap)
    layers[NAMES] = folium.FeatureGroup(name=NAMES_TITLE)
    layers[NAMES].add_to(fmap)
    legend = ("<b>Line</b>" f"<div>{swatch('#555')}routed along the track</div>"
              f"<div>{swatch('#555', True)}estimated, not routed</div><div>{DIRECTION_KEY}</div>"
              "<div>journeys sharing a track are drawn side by side; hover one to bring it to the front</div>"
              f"<b>Stops</b>{stop_symbols()}")
    data = {"journeys": [_overview_entry(mj, c) for mj, c in zip(mapped, colours, strict=True)], "legend_html": legend,
            "land": page_land_data(mapped), "credits": track_credits(mapped),
            **page_cities(mapped)}
    # collapsed: open, a list of every journey would cover the map (most of it at 390 px wide)
    return _finish(fmap, overview_panel(mapped, colours), data, "drawOverview", layers, collapsed=True)


def _write_page(target: Path, text: str) -> Path:
    """Write atomically, readable as a plainly written file would be: the temporary file that
    write_text_atomic renames into place is created 0600, and a map is made to be shared or served."""
    write_text_atomic(target, text)
    umask = os.umask(0)
    os.umask(umask)
    target.chmod(0o666 & ~umask)
    return target


def write_maps(mapped: Sequence[MappedJourney], out_dir: Path, self_contained: bool = True,
               overview: bool = True) -> list[Path]:
    """Write ``<id>.html`` per journey and (with ``overview``) ``index.html``, each atomically; return the
    paths written."""
    written = []
    for mj in mapped:
        if not SAFE_ID.match(mj.journey.id):  # the model checks ids; a file name is never trusted blindly
            raise ValueError(f"unsafe journey id {mj.journey.id!r}")
        written.append(_write_page(out_dir / f"{mj.journey.id}.html", journey_page(mj, self_contained)))
    if overview:
        written.append(_write_page(out_dir / "index.html", overview_page(mapped, self_contained)))
    return written

