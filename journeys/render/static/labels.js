/* Names on the map: each stop's name beside its symbol, and a few major cities as quiet context.

   Which names show is decided by labelgun (vendored, see vendor/README.md) from each name's box in
   pixels, anew after every move and zoom. The more important go first — origin and destination, then
   border crossings, other stops, places passed through, and last the cities — and a name that would
   overprint a more important name or any stop's symbol is tried on the other side of its stop, and
   hidden if it does not fit there either (labelgun's rule: a hidden name still keeps less important
   ones off its place, so a name never gives way to a less important one). Hidden names stay in the
   page, invisible (so what was left out, and why, can be checked), and come back when the reader zooms
   in far enough for them to fit. Cities are context only: at most CITIES_PER_VIEW at a time, the most
   populous in view, grey, never clickable, never over a stop or a stop's name.

   Needs Leaflet, labelgun (with rbush) and window.Journeys (journeys.js). */
(function () {
  "use strict";
  var J = window.Journeys;
  var WEIGHTS = {origin: 50, destination: 50, border: 40, stop: 30, pass: 20};
  var CITY_WEIGHT = 10, SYMBOL_WEIGHT = 100, CITIES_PER_VIEW = 6;
  /* a name starts GAP px right of its stop's symbol; every box is grown by MARGIN px, so two names
     that are shown never touch */
  var GAP = 4, MARGIN = 1, LINE = 16, HIDDEN = "jr-label-hidden";

  function Labelgun() {
    var lib = window.labelgun;
    return lib["default"] || lib;  /* the UMD build exports the class as its default */
  }

  /* a label as a non-interactive marker; the text is set as text, never parsed as HTML */
  function labelMarker(entry, className) {
    var span = document.createElement("span");
    span.textContent = entry.text;
    var icon = L.divIcon({className: "jr-label " + className, html: span, iconSize: null,
                          iconAnchor: [-entry.dx, LINE / 2]});
    return L.marker(entry.latlng, {icon: icon, interactive: false, keyboard: false});
  }

  /* one label per place: a round trip's origin and destination, or one station on several
     journeys of the overview, are named once, with the most important role among them */
  function stopEntries(stops) {
    var byKey = {}, entries = [];
    stops.forEach(function (s) {
      var key = s.name + "@" + s.latlng.lat.toFixed(3) + "," + s.latlng.lng.toFixed(3);
      var weight = WEIGHTS[s.role] || WEIGHTS.stop, known = byKey[key];
      if (known) {
        if (weight > known.weight) { known.weight = weight; known.role = s.role; }
        known.dx = Math.max(known.dx, s.radius + GAP);
        return;
      }
      byKey[key] = {text: s.name, latlng: s.latlng, role: s.role, weight: weight, dx: s.radius + GAP, kind: "stop"};
      entries.push(byKey[key]);
    });
    return entries;
  }

  /* ``stops``: [{name, role, latlng, radius}] for every stop symbol drawn; ``cities``: the page data's
     cities, the most populous first. Adds the labels to ``group`` and keeps them apart from then on. */
  J.placeNames = function (map, group, stops, cities) {
    var labels = stopEntries(stops);
    labels.forEach(function (e) {
      e.marker = labelMarker(e, "jr-label-stop jr-role-" + e.role).addTo(group);
    });
    var towns = (cities || []).map(function (c, rank) {
      /* the more populous first: a weight just under CITY_WEIGHT, lower down the list */
      var e = {text: c.name, latlng: L.latLng(c.lat, c.lon), weight: CITY_WEIGHT - rank / 1000, dx: -3, kind: "city"};
      e.marker = labelMarker(e, "jr-label-city").addTo(group);
      return e;
    });
    var all = labels.concat(towns);

    function element(e) { return e.marker.getElement(); }
    function box(e, point, width, height, left) {
      return {bottomLeft: [point.x + left - MARGIN, point.y - height / 2 - MARGIN],
              topRight: [point.x + left + width + MARGIN, point.y + height / 2 + MARGIN]};
    }
    function setShown(e, on) {
      var el = element(e);
      if (el) { L.DomUtil[on ? "removeClass" : "addClass"](el, HIDDEN); el.setAttribute("data-shown", on ? "1" : "0"); }
    }

    /* a name sits right of its symbol; moved, left of it (Leaflet placed it by the icon's margin) */
    function setLeft(e, on) {
      var el = element(e);
      if (el) { el.style.marginLeft = (on ? -(e.dx + e.width) : e.dx) + "px"; }
    }
    function hits(a, b) { return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY; }

    /* A stop's name labelgun found no room for on the right of its symbol is tried on the left, the more
       important first, where no symbol, shown name or more important hidden name is (as labelgun
       decides). Cities yield: one under a moved name is hidden. */
    function tryLeft(gun) {
      var items = Object.keys(gun.allLabels).map(function (k) { return gun.allLabels[k]; });
      items.filter(function (l) { return l.labelObject && l.labelObject.kind === "stop" && l.state === "hide"; })
        .sort(function (a, b) { return b.weight - a.weight; })
        .forEach(function (l) {
          var e = l.labelObject, shift = -(2 * e.dx + e.width);
          var left = {minX: l.minX + shift, maxX: l.maxX + shift, minY: l.minY, maxY: l.maxY};
          var blocked = items.some(function (o) {
            if (o === l || !hits(left, o) || (o.labelObject && o.labelObject.kind === "city")) { return false; }
            return !o.labelObject || o.state === "show" || o.weight > l.weight;
          });
          if (blocked) { return; }
          l.minX = left.minX; l.maxX = left.maxX; l.state = "show";
          setLeft(e, true); setShown(e, true);
          items.forEach(function (o) {
            if (o.labelObject && o.labelObject.kind === "city" && o.state === "show" && hits(l, o)) {
              o.state = "hide"; setShown(o.labelObject, false);
            }
          });
        });
    }

    function update() {
      if (!map.hasLayer(group)) { return; }
      var Gun = Labelgun();
      var gun = new Gun(function (l) { if (l.labelObject) { setShown(l.labelObject, false); } },
                        function (l) { if (l.labelObject) { setShown(l.labelObject, true); } });
      /* the stops' symbols first: no name may cover one */
      stops.forEach(function (s, i) {
        var p = map.latLngToLayerPoint(s.latlng), r = s.radius + 1;
        gun.ingestLabel({bottomLeft: [p.x - r, p.y - r], topRight: [p.x + r, p.y + r]}, "symbol-" + i, SYMBOL_WEIGHT,
                        null, "symbol", false);
      });
      var view = map.getBounds();
      all.forEach(function (e) {  /* every size read before anything is written: one layout, not one a name */
        var el = element(e);
        if (el && e.width === undefined) { e.width = el.offsetWidth; e.height = el.offsetHeight || LINE; }
      });
      all.forEach(function (e, i) {
        if (!element(e)) { return; }
        if (e.kind === "stop") { setLeft(e, false); }
        if (e.kind === "city" && !view.contains(e.latlng)) { setShown(e, false); return; }
        var p = map.latLngToLayerPoint(e.latlng).round();
        gun.ingestLabel(box(e, p, e.width, e.height, e.dx), "label-" + i, e.weight, e, e.text, false);
      });
      gun.update();
      tryLeft(gun);
      /* context only: of the cities that fit, the few most populous in view stay */
      towns.filter(function (e) { return element(e) && element(e).getAttribute("data-shown") === "1"; })
        .slice(CITIES_PER_VIEW).forEach(function (e) { setShown(e, false); });
    }
    group.on("add", function () { all.forEach(function (e) { e.width = undefined; }); update(); });
    map.on("moveend", update);
    update();
    return all;
  };
})();
