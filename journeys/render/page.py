"""The HTML around a map, written directly: Leaflet's map, the two base layers, the layer groups the
page script draws into, the layer control and the call that draws.

folium wrote this part of the page. journeys uses nothing of folium but these few elements (the page
script draws every line, stop and name itself), and importing folium compiled some fifty Jinja
templates of classes a page never uses, then each element's output was compiled as a template once
more: together a fifth of what ``journeys map`` cost. So the page is written here, the same
characters folium 0.20 wrote for the same elements (tests/test_page.py holds the two together, with
folium's random element names matched up), including its way of writing JSON into a script (``<``,
``>``, ``&`` and ``'`` as ``\\u`` escapes, so no text can end the script).

Element names are folium's: the kind and a random hex id (``map_…``, ``feature_group_…``), so that a
page's script does not depend on how it was built. Nothing here reads a record: the caller passes
text already escaped for where it goes (see journeys.render.maps).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping

#: What ``--cdn`` links instead of inlining: folium 0.20's defaults, in its order.
CDN_JS = (
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
    "https://code.jquery.com/jquery-3.7.1.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
)
CDN_CSS = (
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
)

PLAIN_TITLE = "Plain background (works offline)"
OSM_TITLE = "OpenStreetMap (needs the network)"
#: OpenStreetMap's standard tiles, as xyzservices describes them ("OpenStreetMap.Mapnik")
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
OSM_MAX_ZOOM = 19

# The text between the elements, as folium's templates leave it.
_OPEN = "\n    \n            "
_CLOSE = "\n        "


def tojson(value: object) -> str:
    """JSON safe inside a ``<script>`` (Jinja's ``tojson``, which folium used): ``<``, ``>``, ``&``
    and ``'`` written as ``\\u`` escapes, every other character outside ASCII too."""
    return (json.dumps(value, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("'", "\\u0027"))


def element_name(kind: str) -> str:
    """A fresh element name, as folium names them: ``feature_group_`` and 32 random hex digits."""
    return f"{kind}_{uuid.uuid4().hex}"


def _options(options: Mapping[str, object]) -> str:
    """A JavaScript object literal, one ``"key": value,`` a line, as folium writes a layer's options."""
    return "{\n" + "".join(f"  {json.dumps(key)}: {tojson(value)},\n" for key, value in options.items()) + "}"


def _head(map_name: str, head: str, self_contained: bool) -> str:
    links = "" if self_contained else (
        "".join(f'\n    <script src="{url}"></script>' for url in CDN_JS)
        + "".join(f'\n    <link rel="stylesheet" href="{url}"/>' for url in CDN_CSS))
    return (
        '<head>\n    \n    <meta http-equiv="content-type" content="text/html; charset=UTF-8" />\n    '
        f"{head}{links}{_OPEN}"
        '<meta name="viewport" content="width=device-width,\n'
        '                initial-scale=1.0, maximum-scale=1.0, user-scalable=no" />\n'
        "            <style>\n"
        f"                #{map_name} {{\n"
        "                    position: relative;\n"
        "                    width: 100.0%;\n"
        "                    height: 100.0%;\n"
        "                    left: 0.0%;\n"
        "                    top: 0.0%;\n"
        "                }\n"
        "                .leaflet-container { font-size: 1rem; }\n"
        "            </style>\n\n"
        "            <style>html, body {\n"
        "                width: 100%;\n"
        "                height: 100%;\n"
        "                margin: 0;\n"
        "                padding: 0;\n"
        "            }\n"
        "            </style>\n\n"
        "            <style>#map {\n"
        "                position:absolute;\n"
        "                top:0;\n"
        "                bottom:0;\n"
        "                right:0;\n"
        "                left:0;\n"
        "                }\n"
        "            </style>\n\n"
        "            <script>\n"
        "                L_NO_TOUCH = false;\n"
        "                L_DISABLE_3D = false;\n"
        "            </script>\n\n"
        "        \n</head>\n"
    )


def _map(name: str) -> str:
    options = _options({"zoom": 2, "zoomControl": True, "preferCanvas": False, "zoomSnap": 0.25})
    return (
        f"{_OPEN}var {name} = L.map(\n"
        f"                {tojson(name)},\n"
        "                {\n"
        "                    center: [0.0, 0.0],\n"
        "                    crs: L.CRS.EPSG3857,\n"
        f"                    ...{options}\n\n"
        "                }\n"
        "            );\n"
        f"            L.control.scale().addTo({name});\n\n"
        "            \n\n        "
    )


def _add(name: str, to: str) -> str:
    return f"{_OPEN}{name}.addTo({to});{_CLOSE}"


def _base_layers(map_name: str, plain: str, osm: str, data_id: str, attribution: str, plain_first: bool) -> str:
    """The plain background (the page script's graticule and land) and OpenStreetMap's tiles; the one
    shown first is added to the map."""
    tiles = _options({"minZoom": 0, "maxZoom": OSM_MAX_ZOOM, "maxNativeZoom": OSM_MAX_ZOOM, "noWrap": False,
                      "attribution": OSM_ATTRIBUTION, "subdomains": "abc", "detectRetina": False, "tms": False,
                      "opacity": 1})
    return (
        f"{_OPEN}var {plain} = Journeys.plainLayer(function () {{\n"
        f"                return Journeys.readData({tojson(data_id)}).land; }}, {tojson(attribution)});{_CLOSE}"
        + (_add(plain, map_name) if plain_first else "")
        + f"{_OPEN}var {osm} = L.tileLayer(\n"
        f"                {tojson(OSM_TILES)},\n"
        f"                {tiles}\n\n"
        f"            );{_CLOSE}"
        + ("" if plain_first else _add(osm, map_name))
    )


def _layer_control(map_name: str, name: str, base: Mapping[str, str], overlays: Mapping[str, str],
                   collapsed: bool) -> str:
    def entries(layers: Mapping[str, str]) -> str:
        return "".join(f"                    {tojson(title)} : {layer},\n" for title, layer in layers.items())

    options = _options({"position": "topright", "collapsed": collapsed, "autoZIndex": True})
    return (
        f"{_OPEN}var {name}_layers = {{\n"
        "                base_layers : {\n"
        f"{entries(base)}"
        "                },\n"
        "                overlays :  {\n"
        f"{entries(overlays)}"
        "                },\n"
        "            };\n"
        f"            let {name} = L.control.layers(\n"
        f"                {name}_layers.base_layers,\n"
        f"                {name}_layers.overlays,\n"
        f"                {options}\n"
        f"            ).addTo({map_name});\n{_CLOSE}"
    )


def map_page(head: str, body: str, overlays: Mapping[str, str], function: str, data_id: str,
             attribution: str, self_contained: bool = True, collapsed: bool = True) -> str:
    """The page: ``head`` (title, styles, inlined scripts) in the head, ``body`` (the panel, the page
    data and the page scripts) before the map, and a map whose layer control lists the plain
    background, OpenStreetMap and one layer group per entry of ``overlays`` (key: the page script's
    name for the group; value: its title in the control, as HTML). The page script's ``function`` is
    called with the map, the groups by key and the data of the ``data_id`` element. Self-contained,
    the plain background is shown first; with the CDN (``self_contained=False``), OpenStreetMap.
    """
    map_name = element_name("map")
    plain, osm = element_name("plain_background"), element_name("tile_layer")
    groups = {key: element_name("feature_group") for key in overlays}
    script = [_map(map_name), _base_layers(map_name, plain, osm, data_id, attribution, self_contained),
              f"{_OPEN}Journeys.noteTileErrors({map_name});{_CLOSE}"]
    for group in groups.values():
        script.append(f"{_OPEN}var {group} = L.featureGroup(\n                {{\n}}\n            );{_CLOSE}")
        script.append(_add(group, map_name))
    script.append(_layer_control(map_name, element_name("layer_control"), {PLAIN_TITLE: plain, OSM_TITLE: osm},
                                 {overlays[key]: group for key, group in groups.items()}, collapsed))
    layers = "{" + ", ".join(f"{json.dumps(key)}: {group}" for key, group in groups.items()) + "}"
    script.append(f"{_OPEN}Journeys.drawDetached({map_name}, {layers},\n"
                  f"                                  Journeys.readData({tojson(data_id)}), Journeys.{function});"
                  f"{_CLOSE}")
    return (
        "<!DOCTYPE html>\n<html>\n" + _head(map_name, head, self_contained)
        + f"<body>\n    \n    {body}{_OPEN}<div class=\"folium-map\" id={tojson(map_name)} ></div>{_CLOSE}\n</body>\n"
        + "<script>\n    " + "".join(script) + "\n</script>\n</html>"
    )
