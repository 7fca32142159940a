/* The train through the timeline, played as kepler.gl's trips layer plays a trip: the stretch already
   travelled is drawn bright over its legs and the rest dimmed; a speed in hours of the journey per
   second of playing; "follow" keeps the train in view; the clock gives the local time where the
   train is and UTC. The panel's slider, the time–distance chart and the URL hold the one position.

   (Leaflet.TimeDimension, which folium's TimestampedGeoJson wraps, steps layers through a list of
   ISO times with its own control and needs iso8601-js-period; the train here moves continuously along
   the track geometry by the schedule's anchors, driven by the panel's slider, so it is not used.)

   Needs Leaflet, leaflet-polylineoffset and window.Journeys (journeys.js). */
(function () {
  "use strict";
  var J = window.Journeys;
  var TRAIN_HTML = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">' +
    '<circle cx="12" cy="12" r="11" fill="#111" stroke="#fff" stroke-width="2"/>' +
    '<rect x="7" y="6" width="10" height="9" rx="2" fill="#fff"/><rect x="8.5" y="7.5" width="7" height="3" fill="#111"/>' +
    '<circle cx="9.5" cy="13" r="1" fill="#111"/><circle cx="14.5" cy="13" r="1" fill="#111"/>' +
    '<path d="M8 18l2-3M16 18l-2-3" stroke="#fff" stroke-width="1.5"/></svg>';
  /* the trail over the played legs; "follow" pans when the train leaves the middle of the view (this
     share of the view's size kept clear all round) */
  var TRAIL_WEIGHT = 7, FOLLOW_MARGIN = 0.2;

  function byId(id) { return document.getElementById(id); }

  /* A leg's points and the distance along it to each are made when the train first reaches the leg
     (or passes it), not all at once when the page opens: a long journey has tens of thousands. */
  function TrackLeg(leg) { this.coords = leg.coords; this.start = leg.start_km; this.km = leg.km; this._pts = null; }
  TrackLeg.prototype.geometry = function () {
    if (!this._pts) {
      var pts = this.coords.map(function (c) { return L.latLng(c[0], c[1]); }), cum = [0];
      for (var i = 1; i < pts.length; i++) { cum.push(cum[i - 1] + pts[i - 1].distanceTo(pts[i])); }
      this._pts = pts; this._cum = cum;
    }
    return this;
  };
  Object.defineProperty(TrackLeg.prototype, "pts", {get: function () { return this.geometry()._pts; }});
  Object.defineProperty(TrackLeg.prototype, "cum", {get: function () { return this.geometry()._cum; }});

  function Track(legs) {
    this.legs = legs.map(function (leg) { return new TrackLeg(leg); });
  }
  /* where the train is ``km`` along the route: the leg ``k``, the number ``i`` of the leg's points
     already passed and the point itself (route km to a fraction of the leg, then along its geometry) */
  Track.prototype.locate = function (km) {
    var legs = this.legs, k = 0;
    while (k < legs.length - 1 && km > legs[k].start + legs[k].km) { k++; }
    var leg = legs[k].geometry(), total = leg.cum[leg.cum.length - 1];
    var f = leg.km > 0 ? Math.min(1, Math.max(0, (km - leg.start) / leg.km)) : 0, target = f * total, i = 1;
    while (i < leg.cum.length - 1 && leg.cum[i] < target) { i++; }
    var seg = leg.cum[i] - leg.cum[i - 1], g = seg > 0 ? (target - leg.cum[i - 1]) / seg : 0;
    var a = leg.pts[i - 1], b = leg.pts[i] || a;
    return {k: k, i: i, f: f, latlng: L.latLng(a.lat + (b.lat - a.lat) * g, a.lng + (b.lng - a.lng) * g)};
  };
  Track.prototype.at = function (km) { return this.locate(km).latlng; };

  /* The played stretch: one line per leg over the leg's own (offset) line, in its colour, full for the
     legs behind the train, up to the train on its leg, empty ahead of it. */
  function Trail(track, d, group) {
    this.track = track;
    this.lines = d.legs.map(function (leg, k) {
      return L.polyline([], {color: leg.color, weight: TRAIL_WEIGHT, opacity: 1, lineCap: "round", offset: J.OFFSET,
                             interactive: false, className: "jr-trail jr-trail-" + k}).addTo(group);
    });
    this.state = this.lines.map(function () { return "empty"; });
  }
  Trail.prototype.show = function (km) {
    var here = this.track.locate(km), legs = this.track.legs;
    this.lines.forEach(function (line, k) {
      var leg = legs[k], state = k < here.k || (k === here.k && here.f >= 1) ? "full" : k > here.k ? "empty" : "part";
      if (state === "part") {
        line.setLatLngs(leg.pts.slice(0, here.i).concat([here.latlng]));
      } else if (state !== this.state[k]) {
        line.setLatLngs(state === "full" ? leg.pts : []);
      }
      this.state[k] = state;
    }, this);
  };

  /* route km at time t: linear between the schedule's (time, km) anchors */
  J.kmAt = function (anchors, t) {
    var n = anchors.length;
    if (t <= anchors[0][0]) { return anchors[0][1]; }
    if (t >= anchors[n - 1][0]) { return anchors[n - 1][1]; }
    var lo = 0, hi = n - 1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (anchors[mid][0] <= t) { lo = mid; } else { hi = mid; } }
    var a = anchors[lo], b = anchors[hi], span = b[0] - a[0];
    return span > 0 ? a[1] + (b[1] - a[1]) * (t - a[0]) / span : b[1];
  };

  function stamp(seconds) { return new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " "); }
  function offsetText(minutes) {
    var m = Math.abs(minutes), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (minutes < 0 ? "-" : "+") + pad(Math.floor(m / 60)) + ":" + pad(m % 60);
  }

  /* local time where the train is: the zone of the last stop it has reached (a border station's zone
     from the border on), as `journeys show` gives each stop's */
  function clockText(d, t, km) {
    if (d.time.relative) { return "+" + ((t - d.time.t0) / 3600).toFixed(1) + " h from departure (no reported times)"; }
    var here = d.stops[0];
    d.stops.forEach(function (s) { if (s.km <= km + 1e-6) { here = s; } });
    return stamp(t + here.offset_min * 60) + " local (UTC" + offsetText(here.offset_min) + ") · " + stamp(t) + " UTC";
  }

  /* where the played train is, by the stops around it; the route's length is the one `journeys check`
     gives (a window), never the drawing's own sum, so the panel and the header agree */
  function whereText(d, km) {
    var at = null, before = d.stops[0], after = d.stops[d.stops.length - 1];
    d.stops.forEach(function (s) {
      if (Math.abs(s.km - km) < 0.05 && at === null) { at = s; }
      if (s.km <= km) { before = s; }
    });
    for (var i = d.stops.length - 1; i >= 0; i--) { if (d.stops[i].km > km) { after = d.stops[i]; } }
    return (at ? "At " + at.name : "Between " + before.name + " and " + after.name) +
      " · route " + d.distance_text + " km";
  }

  J.playback = function (map, group, d) {
    var track = new Track(d.legs), slider = byId("jr-slider"), play = byId("jr-play");
    var speed = byId("jr-speed"), follow = byId("jr-follow");
    var clock = byId("jr-clock"), where = byId("jr-where"), chart = byId("jr-chart");
    var cursor = byId("jr-chart-cursor"), dot = byId("jr-chart-dot");
    var trail = new Trail(track, d, group);
    var icon = L.divIcon({className: "jr-train", html: TRAIN_HTML, iconSize: [24, 24], iconAnchor: [12, 12]});
    /* not interactive: the train sits on a stop and must not take that stop's clicks */
    var train = L.marker(track.at(d.anchors[0][1]), {icon: icon, keyboard: false, zIndexOffset: 1000, interactive: false,
                                                     title: "The train at the slider's time"}).addTo(group);
    var position = Number(slider.value), playing = false, last = 0;
    var c = chart ? chart.dataset : null;

    function keepInView() {
      if (!follow || !follow.checked) { return; }
      var size = map.getSize(), p = map.latLngToContainerPoint(train.getLatLng());
      var mx = size.x * FOLLOW_MARGIN, my = size.y * FOLLOW_MARGIN;
      if (p.x < mx || p.y < my || p.x > size.x - mx || p.y > size.y - my) { map.panTo(train.getLatLng(), {animate: false}); }
    }
    function update(quiet) {
      var t = d.time.t0 + position * 60, km = J.kmAt(d.anchors, t);
      if (!quiet) { J.share("t", position); }
      train.setLatLng(track.at(km));
      trail.show(km);
      /* the unplayed rest dims once a time is shown, as the trail takes the played part */
      L.DomUtil[position > 0 ? "addClass" : "removeClass"](map.getContainer(), "jr-played");
      clock.textContent = clockText(d, t, km);
      where.textContent = whereText(d, km);
      keepInView();
      if (c) {
        var x = Number(c.x0) + (t - Number(c.t0)) / (Number(c.t1) - Number(c.t0)) * (Number(c.x1) - Number(c.x0));
        var y = Number(c.y0) + km / Number(c.km1) * (Number(c.y1) - Number(c.y0));
        cursor.setAttribute("x1", x); cursor.setAttribute("x2", x);
        dot.setAttribute("cx", x); dot.setAttribute("cy", y);
      }
    }
    function setPlaying(on) {
      playing = on; last = 0;
      play.textContent = on ? "Pause" : "Play";
      play.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) { requestAnimationFrame(step); }
    }
    /* each frame moves the train on by the time since the last, at the chosen hours per second */
    function step(now) {
      if (!playing) { return; }
      var max = Number(slider.max), hoursPerSecond = speed ? Number(speed.value) : 1;
      position += last ? (now - last) / 1000 * hoursPerSecond * 60 : 0;
      last = now;
      if (position >= max) { position = max; setPlaying(false); }
      slider.value = position;
      update();
      if (playing) { requestAnimationFrame(step); }
    }
    slider.addEventListener("input", function () { position = Number(slider.value); update(); });
    play.addEventListener("click", function () {
      if (!playing && position >= Number(slider.max)) { position = 0; }
      setPlaying(!playing);
    });
    if (follow) { follow.addEventListener("change", keepInView); }
    if (chart) {
      chart.addEventListener("click", function (e) {
        var pt = chart.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
        var p = pt.matrixTransform(chart.getScreenCTM().inverse());
        var t = Number(c.t0) + (p.x - Number(c.x0)) / (Number(c.x1) - Number(c.x0)) * (Number(c.t1) - Number(c.t0));
        position = Math.min(Number(slider.max), Math.max(0, (t - d.time.t0) / 60));
        slider.value = position;
        update();
      });
    }
    update(true);  /* the page's first state is not the reader's choice: the URL stays as it was */
  };
})();
