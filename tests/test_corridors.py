"""The network reaches the lines state trains use: each corridor routes end to end, with no estimated stretch.

A corridor is a list of places the line passes, in order (its ends and enough stations between to
pin the route); it is routed on the bundled network through those places, and every stretch must be
track of the network (no stop joined to the track by an estimate, no leg left unrouted). Where the
data has a published length or kilometre posts for the whole corridor, the routed length stands
beside it: for OpenStreetMap-derived track it must agree within 3%.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from journeys.errors import RoutingError
from journeys.geo.chainage import posts_between
from journeys.geo.gazetteer import curated
from journeys.geo.geocode import PlaceResolver
from journeys.geo.network import bundled_network
from journeys.geo.route import _distances
from journeys.geo.router import Router
from journeys.geo.sections import geometry_kind


@dataclass(frozen=True)
class Corridor:
    name: str
    #: place ids of the curated gazetteer (or names the resolver knows), in line order
    places: tuple[str, ...]
    #: (line, first place, last place) whose kilometre posts give the corridor's published length
    posts: tuple[str, str, str] | None = None
    #: the section whose published length (with its source, in the data) is the corridor's
    published_section: str | None = None


REACHED = [
    Corridor("Trans-Siberian, Moscow–Vladivostok", ("moscow-yaroslavsky", "yekaterinburg", "novosibirsk", "irkutsk",
                                                     "ulan-ude", "chita", "khabarovsk", "vladivostok"),
             posts=("Trans-Siberian Railway", "moscow-yaroslavsky", "vladivostok")),
    Corridor("Moscow–St Petersburg", ("moscow-leningradsky", "st-petersburg"),
             published_section="moscow-st-petersburg-railway"),
    Corridor("Chita–Tarskaya–Zabaikalsk", ("chita", "tarskaya", "zabaikalsk")),
    Corridor("Ulan-Ude–Naushki", ("ulan-ude", "zaudinskiy", "naushki")),
    Corridor("Khabarovsk–Komsomolsk-on-Amur", ("khabarovsk", "dezhnyovka", "komsomolsk-on-amur")),
    Corridor("Komsomolsk-on-Amur–Vanino", ("komsomolsk-sortirovochny", "vanino")),
    Corridor("Ussuriysk–Grodekovo", ("ussuriysk", "grodekovo")),
    Corridor("Baranovsky–Khasan", ("baranovsky", "khasan"), posts=("Baranovsky–Khasan line", "baranovsky", "khasan")),
    Corridor("Khasan–Tumangang–Pyongyang (Hongŭi, Hambuk, P'yŏngra, Pyongui)",
             ("khasan", "tumangang", "rajin-kp", "chongjin-kp", "kowon-kp", "kalli-kp", "pyongyang")),
    Corridor("Pyongyang–Sinuiju (Pyongui)", ("pyongyang", "sinuiju"), posts=("Pyongui Line", "pyongyang", "sinuiju")),
    Corridor("Sinuiju–Dandong–Shenyang–Tianjin–Beijing", ("sinuiju", "dandong", "shenyang", "shanhaiguan", "tianjin", "beijing")),
    Corridor("Beijing–Wuhan–Hengyang–Nanning–Pingxiang–Hanoi",
             ("beijing", "zhengzhou", "wuhan", "hengyang", "nanning", "pingxiang-guangxi", "dong-dang", "hanoi")),
    # Natural Earth's generalised railroads beyond Russia: measured by posts or published lengths
    Corridor("Zabaikalsk–Manzhouli–Harbin", ("zabaikalsk", "manzhouli", "hailar", "harbin")),
    Corridor("Manzhouli–Harbin (Binzhou)", ("manzhouli", "harbin"), published_section="binzhou-manzhouli-harbin"),
    Corridor("Harbin–Changchun–Shenyang", ("harbin", "changchun", "shenyang")),
    Corridor("Harbin–Mudanjiang–Suifenhe–Grodekovo", ("harbin", "mudanjiang", "suifenhe", "grodekovo")),
    Corridor("Naushki–Sükhbaatar–Ulaanbaatar–Zamyn-Üüd–Erenhot",
             ("naushki", "sukhbaatar-mn", "ulaanbaatar", "zamyn-uud", "erenhot")),
    Corridor("Sükhbaatar–Ulaanbaatar–Zamyn-Üüd", ("sukhbaatar-mn", "ulaanbaatar", "zamyn-uud"),
             posts=("Trans-Mongolian Railway", "sukhbaatar-mn", "zamyn-uud")),
    Corridor("Erenhot–Jining–Datong–Beijing", ("erenhot", "jining-south", "datong", "zhangjiakou", "beijing")),
    Corridor("Jining–Datong–Zhangjiakou–Beijing (two stops on one section)", ("jining-south", "datong", "zhangjiakou", "beijing"),
             posts=("Beijing–Baotou railway", "jining-south", "beijing")),
    Corridor("Moscow–Beijing by Zabaikalsk (Trans-Manchurian)", ("moscow-yaroslavsky", "chita", "zabaikalsk", "harbin",
                                                                 "shenyang", "beijing")),
    Corridor("Moscow–Beijing by Ulaanbaatar (Trans-Mongolian)", ("moscow-yaroslavsky", "ulan-ude", "naushki",
                                                                 "ulaanbaatar", "erenhot", "beijing")),
    # China's east and south, and the DPRK's branches: posts from the national passenger mileage table
    # (chainage/china_east_south.csv) and the lines' Wikipedia route maps (chainage/korea_branches.csv)
    Corridor("Angangxi–Qiqihar", ("angangxi", "qiqihar"),
             posts=("Qiqihar–Angangxi railway", "qiqihar", "angangxi")),
    Corridor("Tumen and Jilin", ("Tumen|CN", "Jilin|CN", "changchun"),
             posts=("Changchun–Tumen railway", "changchun", "tumen-cn")),
    Corridor("Changchun–Jilin–Tumen–Namyang", ("changchun", "jilin", "tumen-cn", "namyang-kp")),
    Corridor("Shenyang–Dalian", ("shenyang", "Dalian"), posts=("Shenyang–Dalian railway", "shenyang", "dalian")),
    Corridor("Beijing–Nanjing–Shanghai", ("beijing", "Nanjing", "Shanghai"),
             posts=("Beijing–Shanghai railway", "beijing", "shanghai")),
    # three stops on one section: each splits the piece the one before left (the path must not run back to its ends)
    Corridor("Beijing–Tianjin–Jinan–Xuzhou–Nanjing–Shanghai (Jinghu)",
             ("beijing", "tianjin", "jinan", "xuzhou", "nanjing", "shanghai"),
             posts=("Beijing–Shanghai railway", "beijing", "shanghai")),
    Corridor("Wuhan–Guangzhou–Shenzhen", ("wuhan", "Guangzhou", "Shenzhen")),
    Corridor("Wuhan–Changsha–Guangzhou (Jingguang)", ("wuhan", "changsha", "guangzhou"),
             posts=("Beijing–Guangzhou railway", "wuhan", "guangzhou")),
    Corridor("Guangzhou–Shenzhen (Guangshen)", ("guangzhou", "shenzhen"), published_section="guangshen-guangzhou-shenzhen"),
    Corridor("Pyongyang–Kaesong", ("pyongyang", "Kaesong|KP"), posts=("P'yŏngbu Line", "pyongyang", "kaesong-kp")),
    Corridor("Sunch'ŏn–Kanggye–Manp'o (Manp'o Line)", ("sunchon-kp", "kanggye-kp", "manpo-kp"),
             posts=("Manp'o Line", "sunchon-kp", "manpo-kp")),
    Corridor("Pyongyang–Manp'o–Ji'an", ("pyongyang", "sunchon-kp", "Manpo", "Ji'an")),
    Corridor("Manp'o–Ji'an–Tonghua–Meihekou–Jilin–Changchun",
             ("manpo-kp", "jian", "tonghua", "meihekou", "jilin", "changchun")),
    Corridor("Ji'an–Tonghua–Meihekou (Meiji)", ("jian", "tonghua", "meihekou"),
             posts=("Meihekou–Ji'an railway", "jian", "meihekou")),
    Corridor("Shenyang–Meihekou–Jilin (Shenji)", ("shenyang", "meihekou", "jilin"),
             posts=("Shenyang–Jilin railway", "shenyang", "jilin")),
    Corridor("Ch'ŏngjin–Hoeryŏng–Namyang (Hambuk)", ("chongjin-kp", "hoeryong-kp", "namyang-kp"),
             posts=("Hambuk Line", "chongjin-kp", "namyang-kp")),
    Corridor("Pyongyang–Ch'ŏngjin–Namyang–Tumen–Jilin", ("pyongyang", "chongjin-kp", "Namyang", "Tumen", "jilin")),
    Corridor("Hongŭi–Namyang (Hambuk)", ("hongui-kp", "namyang-kp"), posts=("Hambuk Line", "hongui-kp", "namyang-kp")),
]

def latlon(name: str) -> tuple[float, float]:
    """A curated place id, or a town name with its country ("Tumen|CN")."""
    place = curated().by_id.get(name)
    if place is not None:
        return place.lat, place.lon
    town, _, country = name.partition("|")
    return PlaceResolver().resolve(town, country or None).latlon


def route_corridor(corridor: Corridor) -> tuple[float, float, list[str]]:
    """(geometry km, measured km, the ids of the sections it runs over); raises RoutingError when it cannot be routed."""
    steps = Router(bundled_network()).path_sections([latlon(p) for p in corridor.places])
    estimated = [section.id for section, _, _ in steps if section.access]
    if estimated:
        raise RoutingError(f"{corridor.name}: joined to the track by estimated stretches {estimated}")
    geometry = sum(section.length_km for section, _, _ in steps)
    measured = sum(km for km, _ in _distances(steps))
    return geometry, measured, [section.id for section, _, _ in steps]


def reference(corridor: Corridor) -> float | None:
    if corridor.posts is not None:
        return posts_between(*corridor.posts)
    if corridor.published_section is not None:
        return next(s.published_km for s in bundled_network().sections if s.id == corridor.published_section)
    return None


@pytest.mark.parametrize("corridor", REACHED, ids=[c.name for c in REACHED])
def test_corridor_routes_end_to_end_on_track(corridor: Corridor) -> None:
    geometry, measured, sections = route_corridor(corridor)
    assert sections, corridor.name
    published = reference(corridor)
    if published is not None:
        used = {re.split("[#@]", i)[0] for i in sections}  # a piece: split at a junction (#) or a stop (@)
        assert used <= {s.id for s in bundled_network().sections}, used
        track = all(geometry_kind(s) == "track" for s in bundled_network().sections if s.id in used)
        print(f"{corridor.name}: geometry {geometry:,.1f} km, measured {measured:,.1f} km, published {published:,.1f} km")
        if track:
            assert abs(geometry - published) / published <= 0.03, (geometry, published)
        assert abs(measured - published) / published <= 0.03, (measured, published)


def test_the_whole_trans_siberian_is_within_half_a_percent_of_its_posts() -> None:
    """Moscow–Vladivostok: 9,288.3 km by the posts; the track agrees within 0.5%.

    The geometry is 0.15% long: through Irkutsk it is drawn through station points (no trace passes
    the passenger station), and the Amur stretch runs 1.4% over its posts.
    """
    corridor = REACHED[0]
    geometry, measured, _ = route_corridor(corridor)
    published = reference(corridor)
    assert published == pytest.approx(9288.3)
    assert abs(geometry - published) / published < 0.005
    assert measured == pytest.approx(published, rel=0.001)


@pytest.mark.parametrize(("first", "last"), [("chita", "vladivostok"), ("moscow-yaroslavsky", "vladivostok"),
                                            ("ulan-ude", "khabarovsk")])
def test_a_leg_within_one_country_does_not_cut_through_another(first: str, last: str) -> None:
    """Chita–Vladivostok is 1,000 km shorter through Manchuria, but no stop asks for China: the route stays home."""
    steps = Router(bundled_network()).path_sections([latlon(first), latlon(last)])
    crossings = [section.id for section, _, _ in steps if section.border]
    assert crossings == [], crossings


def test_a_leg_between_two_countries_crosses_once_at_the_nearest_crossing() -> None:
    steps = Router(bundled_network()).path_sections([latlon("chita"), latlon("harbin")])
    assert [section.id for section, _, _ in steps if section.border] == ["manzhouli-zabaikalsk-border"]
    steps = Router(bundled_network()).path_sections([latlon("pyongyang"), latlon("vladivostok")])
    assert [section.id for section, _, _ in steps if section.border] == ["friendship-bridge-tumangang-khasan"]
