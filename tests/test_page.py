"""The page around a map, written directly, is what folium wrote for the same elements, character for
character (folium's random element names matched up in order): the same head, the same base layers
shown first with and without the CDN, the same layer control for any layer titles, the same call
that draws. The folium builder here is the one journeys.render.maps used before it wrote pages itself.
"""

from __future__ import annotations

import json
import re
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.render import page
from journeys.render.maps import layer_name_html

DATA_ID = "journeys-data"
ATTRIBUTION = "Plain background, no tiles. Land and borders: Natural Earth 1:10m (public domain)"
#: folium's names are the kind and uuid4's 32 hex digits
NAME = re.compile(r"_[0-9a-f]{32}(?![0-9a-f])")


def numbered(text: str) -> str:
    """The page with each element name replaced by its number in order of first appearance."""
    seen: dict[str, int] = {}
    return NAME.sub(lambda m: f"_ID{seen.setdefault(m.group(0), len(seen))}", text)


class _Raw(Element):
    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _PlainBackground(folium.map.Layer):
    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = Journeys.plainLayer(function () {
                return Journeys.readData({{ this.data_id|tojson }}).land; }, {{ this.attribution|tojson }});
        {% endmacro %}
    """)

    def __init__(self, name: str, show: bool) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "PlainBackground"
        self.attribution = ATTRIBUTION
        self.data_id = DATA_ID


class _TileNote(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
            Journeys.noteTileErrors({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneysTileNote"


class _Draw(MacroElement):
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


def folium_page(head: str, body: str, overlays: dict[str, str], function: str, self_contained: bool) -> str:
    fmap = folium.Map(location=(0.0, 0.0), zoom_start=2, tiles=None, control_scale=True, zoom_snap=0.25)
    if self_contained:
        fmap.default_js = []
        fmap.default_css = []
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    figure.header.add_child(_Raw(head), name="journeys_head")
    _PlainBackground(page.PLAIN_TITLE, show=self_contained).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name=page.OSM_TITLE, show=not self_contained).add_to(fmap)
    _TileNote().add_to(fmap)
    layers = {key: folium.FeatureGroup(name=title) for key, title in overlays.items()}
    for group in layers.values():
        group.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    _Draw(function, layers).add_to(fmap)
    figure.html.add_child(_Raw(body), name="journeys_body")
    return str(figure.render())


def direct_page(head: str, body: str, overlays: dict[str, str], function: str, self_contained: bool) -> str:
    return page.map_page(head, body, overlays, function, DATA_ID, ATTRIBUTION, self_contained=self_contained)


JOURNEY = {"route": "Outbound, coloured by implied speed", "return": "Return, coloured by implied speed",
           "stops": "Stops", "_names": "Place names", "train": "Train at the slider's time"}
HEAD = '<title>A &lt;b&gt; title — journeys</title>\n<style>body { color: red }</style>'
BODY = '<aside id="jr-panel"><h1>Trip</h1></aside>\n<script type="application/json" id="journeys-data">{}</script>'


def test_a_journey_page_is_what_folium_wrote() -> None:
    for self_contained in (True, False):
        ours = direct_page(HEAD, BODY, JOURNEY, "drawJourney", self_contained)
        assert numbered(ours) == numbered(folium_page(HEAD, BODY, JOURNEY, "drawJourney", self_contained))
    assert ours.count("L.featureGroup(") == len(JOURNEY) and all(url in ours for url in page.CDN_JS + page.CDN_CSS)


def test_element_names_are_fresh_and_folium_shaped() -> None:
    names = set(NAME.findall(direct_page(HEAD, BODY, JOURNEY, "drawJourney", True)))
    again = set(NAME.findall(direct_page(HEAD, BODY, JOURNEY, "drawJourney", True)))
    assert len(names) == 2 + 2 + len(JOURNEY) and not names & again  # map, two base layers, control, groups


#: a journey's title as a record may give it: any text, markup and template syntax included
TITLE = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["{{ 7*7 }}", "{% if 1 %}x{% endif %}", "{# c #}", "</script><script>alert(1)</script>", "Russia's & 'quotes'",
     "line\r\nbreak", "Trump–Kim"])


@settings(max_examples=30, deadline=None)
@given(st.lists(TITLE, min_size=1, max_size=4), st.booleans())
def test_an_overview_is_what_folium_wrote_for_any_titles(titles: list[str], self_contained: bool) -> None:
    """Layer titles as the overview makes them from records: escaped (braces too) by layer_name_html."""
    overlays = {f"j{i}": f'<span class="sw" data-layer="j{i}"></span>{layer_name_html(title)}'
                for i, title in enumerate(titles)} | {"_names": "Place names"}
    ours = direct_page(HEAD, BODY, overlays, "drawOverview", self_contained)
    assert numbered(ours) == numbered(folium_page(HEAD, BODY, overlays, "drawOverview", self_contained))


def test_json_in_the_script_cannot_end_it() -> None:
    text = page.tojson("</script><!-- & 'x' –")
    assert json.loads(text) == "</script><!-- & 'x' –"
    assert not set("<>&'–") & set(text)


def test_writing_pages_imports_no_template_engine() -> None:
    import subprocess
    import sys

    code = ("import sys, journeys.render.maps, journeys.cli.writing; "
            "print(sorted(m for m in ('folium', 'branca', 'jinja2', 'xyzservices') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
