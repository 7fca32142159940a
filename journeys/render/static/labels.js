/* Names on the map: each stop's name beside its symbol, and a few major cities as quiet context.

   Which names show is decided by labelgun (vendored, see vendor/README.md) from each name's box in
   pixels, anew after every move and zoom. The more important go first — origin and destination, then
   border crossings, other stops, places passed through, and last the cities — and a name that would
   overprint a more important name or any stop's symbol is hidden. Hidden names stay in the page,
   invisible (so what was left out, and why, can be checked), and come back when the reader zooms in
   far enough for them to fit. Cities are context only: at most CITIES_PER_VIEW at a time, the most
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
                          iconAnchor: [entry.dx * -1, LINE / 2]});
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
      e.marker = labelMarker(e, "jr-label-stop jr-label-" + e.role).addTo(group);
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
      all.forEach(function (e, i) {
        var el = element(e);
        if (!el) { return; }
        if (e.width === undefined) { e.width = el.offsetWidth; e.height = el.offsetHeight || LINE; }
        if (e.kind === "city" && !view.contains(e.latlng)) { setShown(e, false); return; }
        var p = map.latLngToLayerPoint(e.latlng).round();
        gun.ingestLabel(box(e, p, e.width, e.height, e.dx), "label-" + i, e.weight, e, e.text, false);
      });
      gun.update();
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
