
(function () {
  "use strict";
  var J = window.Journeys = {};
  var ICON_FULLSCREEN = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">' +
    '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#222" stroke-width="2"/></svg>';
  var ICON_RULER = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">' +
    '<path d="M1 11 11 1l4 4L5 15z" fill="none" stroke="#222" stroke-width="1.6"/>' +
    '<path d="M4 8l2 2M6 6l1.5 1.5M8 4l2 2M10 2l1.5 1.5" stroke="#222" stroke-width="1.3"/></svg>';

  function byId(id) { return document.getElementById(id); }

  /* Runs ``fn`` when the browser has nothing more urgent to do (input, a frame to draw), or after
     IDLE_WAIT ms at the latest; where requestIdleCallback is missing (Safari), in the next task. */
  var IDLE_WAIT = 500;
  J.whenIdle = function (fn) {
    if (window.requestIdleCallback) { window.requestIdleCallback(function () { fn(); }, {timeout: IDLE_WAIT}); } else { setTimeout(fn, 0); }
  };
  function toggleClass(el, cls, on) { L.DomUtil[on ? "addClass" : "removeClass"](el, cls); }

  /* Lines come as encoded polylines ({polyline, digits}: see journeys/render/compact.py); the data is
     read with every one turned back into its list of number pairs, before anything draws. */
  function decodeLine(text, digits) {
    var factor = Math.pow(10, digits), out = [], sums = [0, 0], i = 0, c, shift, result, chunk;
    while (i < text.length) {
      for (c = 0; c < 2; c++) {
        shift = 0; result = 0;
        do { chunk = text.charCodeAt(i++) - 63; result |= (chunk & 0x1f) << shift; shift += 5; } while (chunk >= 0x20);
        sums[c] += (result & 1) ? ~(result >> 1) : (result >> 1);
      }
      out.push([sums[0] / factor, sums[1] / factor]);
    }
    return out;
  }
  function inflate(value) {
    if (Array.isArray(value)) { return value.map(inflate); }
    if (!value || typeof value !== "object") { return value; }
    if (typeof value.polyline === "string") { return decodeLine(value.polyline, value.digits); }
    Object.keys(value).forEach(function (k) { value[k] = inflate(value[k]); });
    return value;
  }
  J.decodeLine = decodeLine;

  /* The base layer and the drawing both read the page data: it is parsed once. The land is decoded
     only when first read (when its first tile is painted): on a long journey it is much of the data,
     and decoding it before the route is drawn kept the reader waiting for nothing. */
  var parsed = {}, LAZY = ["land"];
  function decodedWhenRead(d, key, raw) {
    var value, done = false;
    Object.defineProperty(d, key, {enumerable: true, configurable: true, get: function () {
      if (!done) { value = inflate(raw); raw = null; done = true; }
      return value;
    }});
  }
  J.readData = function (id) {
    if (!(id in parsed)) {
      var d = JSON.parse(byId(id).textContent), held = {};
      LAZY.forEach(function (key) { if (key in d) { held[key] = d[key]; delete d[key]; } });
      parsed[id] = inflate(d);
      Object.keys(held).forEach(function (key) { decodedWhenRead(d, key, held[key]); });
    }
    return parsed[id];
  };

  /* -- a plain background: land, borders and a light graticule drawn on canvas, no tiles -------- */
  function graticuleStep(z) { return z <= 2 ? 30 : z <= 4 ? 10 : z <= 6 ? 5 : z <= 8 ? 1 : z <= 11 ? 0.5 : 0.1; }
  /* Land rings are projected once, at zoom 0, into flat arrays (x, y, x, y, ...) with the spherical
     Mercator formula Leaflet's EPSG3857 uses; a tile scales them by 2^z instead of re-projecting.
     Projecting waits for the first tile, and a tile is painted in idle time after the next animation
     frame (see J.whenIdle), so the route and stops are shown first, and the tiles of a view the page leaves
     at once (Leaflet's first view, before the page fits the route) are never painted at all. */
  var MAX_LAT = 85.0511287798;
  function projectRing(ring) {
    var pts = new Float64Array(ring.length * 2), box = [Infinity, Infinity, -Infinity, -Infinity];
    for (var k = 0; k < ring.length; k++) {
      var lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, ring[k][1])) * Math.PI / 180;
      var x = 256 * (0.5 + ring[k][0] / 360), y = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI));
      pts[2 * k] = x; pts[2 * k + 1] = y;
      if (x < box[0]) { box[0] = x; } if (x > box[2]) { box[2] = x; }
      if (y < box[1]) { box[1] = y; } if (y > box[3]) { box[3] = y; }
    }
    return {pts: pts, box: box};
  }
  J.PlainLayer = L.GridLayer.extend({
    /* ``land``: the polygons, or a function giving them, asked only when the first tile is painted */
    initialize: function (land, options) {
      L.GridLayer.prototype.initialize.call(this, options);
      this._rings = land || [];
      this._land = null;
    },
    _polygons: function () {
      if (typeof this._rings === "function") { this._rings = this._rings() || []; }
      return this._rings;
    },
    _projected: function () {
      if (!this._land) {
        this._land = [];
        this._polygons().forEach(function (rings) {
          rings.forEach(function (ring) { this._land.push(projectRing(ring)); }, this);
        }, this);
      }
      return this._land;
    },
    _drawLand: function (ctx, nw, size, z) {
      var scale = Math.pow(2, z), x0 = nw.x / scale, y0 = nw.y / scale;
      var x1 = (nw.x + size.x) / scale, y1 = (nw.y + size.y) / scale;
      ctx.beginPath();
      this._projected().forEach(function (ring) {
        var box = ring.box, pts = ring.pts;
        if (box[0] > x1 || box[2] < x0 || box[1] > y1 || box[3] < y0) { return; }
        ctx.moveTo(pts[0] * scale - nw.x, pts[1] * scale - nw.y);
        for (var k = 2; k < pts.length; k += 2) { ctx.lineTo(pts[k] * scale - nw.x, pts[k + 1] * scale - nw.y); }
        ctx.closePath();
      });
      ctx.fillStyle = "#f3f1ec"; ctx.fill("nonzero");
      ctx.strokeStyle = "#b9b09a"; ctx.lineWidth = 1; ctx.stroke();
    },
    _paint: function (tile, coords) {
      var size = this.getTileSize(), ctx = tile.getContext("2d"), map = this._map, nw = coords.scaleBy(size);
      var a = map.unproject(nw, coords.z), b = map.unproject(nw.add(size), coords.z), step = graticuleStep(coords.z);
      var land = this._polygons().length > 0;
      ctx.fillStyle = land ? "#dfe8ee" : "#f3f1ec"; ctx.fillRect(0, 0, size.x, size.y);
      if (land) { this._drawLand(ctx, nw, size, coords.z); }
      ctx.strokeStyle = "rgba(150, 140, 120, 0.25)"; ctx.lineWidth = 1; ctx.beginPath();
      for (var i = Math.ceil(a.lng / step); i * step <= b.lng; i++) {
        var x = Math.round(map.project([0, i * step], coords.z).x - nw.x) + 0.5;
        ctx.moveTo(x, 0); ctx.lineTo(x, size.y);
      }
      for (var j = Math.ceil(b.lat / step); j * step <= a.lat; j++) {
        var y = Math.round(map.project([j * step, 0], coords.z).y - nw.y) + 0.5;
        ctx.moveTo(0, y); ctx.lineTo(size.x, y);
      }
      ctx.stroke();
    },
    /* Added before the page's lines are drawn, the layer waits: drawDetached takes it off the map and puts
       it back once the map is fitted to the route, and the tiles of Leaflet's first view, made and
       dropped at once, cost a page a tenth of its time to first draw. */
    onAdd: function (map) {
      if (this._held) { return; }
      L.GridLayer.prototype.onAdd.call(this, map);
    },
    onRemove: function (map) {
      if (!this._container) { return; }  /* held: nothing was made */
      L.GridLayer.prototype.onRemove.call(this, map);
    },
    getEvents: function () {
      return this._held ? {} : L.GridLayer.prototype.getEvents.call(this);
    },
    createTile: function (coords, done) {
      var size = this.getTileSize(), tile = document.createElement("canvas"), self = this;
      tile.width = size.x; tile.height = size.y;
      /* after the next frame, which shows the route and stops, each tile when the browser is idle */
      L.Util.requestAnimFrame(function () {
        J.whenIdle(function () {
          /* a tile Leaflet has dropped meanwhile (its zoom level left) is not painted */
          if (self._map && tile.isConnected) { self._paint(tile, coords); }
          done(null, tile);
        });
      });
      return tile;
    }
  });
  var plainLayers = [];
  J.plainLayer = function (land, attribution) {
    /* tiles of 512 px: a country's outline crossing the view is traced once per tile it touches, so
       a quarter as many tiles as Leaflet's 256 px trace it about half as often */
    var layer = new J.PlainLayer(land, {attribution: attribution || "Plain background, no tiles", tileSize: 512});
    layer._held = true;  /* until drawDetached puts it back on the fitted map */
    plainLayers.push(layer);
    /* every tile of the view painted: said on the page, for screenshots and tests to wait on */
    layer.on("load", function () {
      document.documentElement.setAttribute("data-journeys-land-drawn", "1");
      performance.mark("journeys-land-drawn");
    });
    return layer;
  };

  /* -- an honest note when a tile layer cannot load ---------------------------------------------
     Offline, a tile base layer (OpenStreetMap) would leave a blank grey map with no word why. The
     first tile that fails says so in a note over the map and puts the drawn land back under the
     tiles, so what the note promises is true; the note goes when no tile layer is left on the map. */
  J.TILE_NOTE = "Map tiles could not load (offline?); the drawn land and borders remain";
  J.noteTileErrors = function (map) {
    var note = null;
    function failed() {
      if (!map.hasLayer(this)) { return; }  /* a late error from a layer the reader has left */
      if (!note) {
        note = L.DomUtil.create("div", "jr-tile-note", map.getContainer());
        note.setAttribute("role", "status");
        note.textContent = J.TILE_NOTE;
      }
      note.hidden = false;
      plainLayers.forEach(function (plain) {
        if (!map.hasLayer(plain)) { map.addLayer(plain); }
        plain.bringToBack();
      });
    }
    function watch(layer) {
      if (layer instanceof L.TileLayer && !layer._jrWatched) { layer._jrWatched = true; layer.on("tileerror", failed); }
    }
    map.eachLayer(watch);
    map.on("layeradd", function (e) { watch(e.layer); });
    map.on("layerremove", function () {
      var tiles = false;
      map.eachLayer(function (layer) { tiles = tiles || layer instanceof L.TileLayer; });
      if (note && !tiles) { note.hidden = true; }
    });
  };

  /* -- geodesic distance on the WGS84 ellipsoid (Vincenty's inverse formula) -------------------- */
  J.geodesicKm = function (p, q) {
    var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
    var lon = (q.lng - p.lng) * rad;
    var u1 = Math.atan((1 - f) * Math.tan(p.lat * rad)), u2 = Math.atan((1 - f) * Math.tan(q.lat * rad));
    var su1 = Math.sin(u1), cu1 = Math.cos(u1), su2 = Math.sin(u2), cu2 = Math.cos(u2);
    var lam = lon, previous, iter = 0, sinSig, cosSig, sig, cos2Al, cos2Sm, sinAl, c;
    do {
      var sl = Math.sin(lam), cl = Math.cos(lam);
      sinSig = Math.sqrt(Math.pow(cu2 * sl, 2) + Math.pow(cu1 * su2 - su1 * cu2 * cl, 2));
      if (sinSig === 0) { return 0; }
      cosSig = su1 * su2 + cu1 * cu2 * cl;
      sig = Math.atan2(sinSig, cosSig);
      sinAl = cu1 * cu2 * sl / sinSig;
      cos2Al = 1 - sinAl * sinAl;
      cos2Sm = cos2Al !== 0 ? cosSig - 2 * su1 * su2 / cos2Al : 0;
      c = f / 16 * cos2Al * (4 + f * (4 - 3 * cos2Al));
      previous = lam;
      lam = lon + (1 - c) * f * sinAl * (sig + c * sinSig * (cos2Sm + c * cosSig * (-1 + 2 * cos2Sm * cos2Sm)));
    } while (Math.abs(lam - previous) > 1e-12 && ++iter < 200);
    if (iter >= 200) { return L.latLng(p).distanceTo(q) / 1000; }  /* nearly antipodal: the sphere will do */
    var uu = cos2Al * (a * a - b * b) / (b * b);
    var A = 1 + uu / 16384 * (4096 + uu * (-768 + uu * (320 - 175 * uu)));
    var B = uu / 1024 * (256 + uu * (-128 + uu * (74 - 47 * uu)));
    var ds = B * sinSig * (cos2Sm + B / 4 * (cosSig * (-1 + 2 * cos2Sm * cos2Sm) -
             B / 6 * cos2Sm * (-3 + 4 * sinSig * sinSig) * (-3 + 4 * cos2Sm * cos2Sm)));
    return b * A * (sig - ds) / 1000;
  };

  /* points along the great circle from p to q, so a long measured line is drawn as it runs */
  J.greatCircle = function (p, q, n) {
    var rad = Math.PI / 180;
    function vec(ll) {
      var la = ll.lat * rad, lo = ll.lng * rad;
      return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
    }
    var u = vec(p), v = vec(q), w = Math.acos(Math.min(1, Math.max(-1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2])));
    if (w < 1e-9) { return [[p.lat, p.lng], [q.lat, q.lng]]; }
    var out = [];
    for (var i = 0; i <= n; i++) {
      var s1 = Math.sin((1 - i / n) * w) / Math.sin(w), s2 = Math.sin(i / n * w) / Math.sin(w);
      var x = s1 * u[0] + s2 * v[0], y = s1 * u[1] + s2 * v[1], z = s1 * u[2] + s2 * v[2];
      out.push([Math.atan2(z, Math.sqrt(x * x + y * y)) / rad, Math.atan2(y, x) / rad]);
    }
    out[0][1] = p.lng;
    for (i = 1; i < out.length; i++) {  /* no jump across the antimeridian */
      while (out[i][1] - out[i - 1][1] > 180) { out[i][1] -= 360; }
      while (out[i][1] - out[i - 1][1] < -180) { out[i][1] += 360; }
    }
    return out;
  };

  J.formatKm = function (km) {
    if (km >= 100) { return Math.round(km).toLocaleString("en") + " km"; }
    return km >= 1 ? km.toFixed(1) + " km" : Math.round(km * 1000) + " m";
  };

  function button(box, title, icon, onClick) {
    var a = L.DomUtil.create("a", "jr-btn", box);
    a.href = "#"; a.title = title; a.setAttribute("role", "button"); a.setAttribute("aria-label", title);
    a.innerHTML = icon;
    L.DomEvent.on(a, "click", function (e) { L.DomEvent.preventDefault(e); onClick(); });
    return a;
  }

  /* -- fullscreen: the Fullscreen API on the map, or a full-window map where it is refused ------ */
  J.Fullscreen = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function (map) {
      var box = L.DomUtil.create("div", "leaflet-bar jr-fullscreen"), container = map.getContainer();
      L.DomEvent.disableClickPropagation(box);
      function changed() {
        toggleClass(container, "jr-is-fullscreen", document.fullscreenElement === container);
        map.invalidateSize();
      }
      button(box, "Full screen", ICON_FULLSCREEN, function () {
        if (L.DomUtil.hasClass(container, "jr-pseudo-fullscreen")) {
          L.DomUtil.removeClass(container, "jr-pseudo-fullscreen"); map.invalidateSize();
        } else if (document.fullscreenElement) {
          document.exitFullscreen();
        } else if (container.requestFullscreen) {
          container.requestFullscreen().catch(function () {
            L.DomUtil.addClass(container, "jr-pseudo-fullscreen"); map.invalidateSize();
          });
        } else {
          L.DomUtil.addClass(container, "jr-pseudo-fullscreen"); map.invalidateSize();
        }
      });
      document.addEventListener("fullscreenchange", changed);
      return box;
    }
  });

  /* -- measuring: click two points, read the geodesic distance --------------------------------- */
  J.Measure = L.Control.extend({
    options: {position: "topleft"},
    onAdd: function (map) {
      var self = this, box = L.DomUtil.create("div", "leaflet-bar jr-measure");
      L.DomEvent.disableClickPropagation(box);
      button(box, "Measure a distance: click two points on the map", ICON_RULER, function () { self.toggle(); });
      this._out = L.DomUtil.create("div", "jr-measure-out", box);
      this._layer = L.layerGroup().addTo(map);
      this._points = [];
      this._active = false;
      map.on("click", function (e) { if (self._active) { self.add(e.latlng); } });
      return box;
    },
    toggle: function () {
      this._active = !this._active;
      this._points = []; this._layer.clearLayers();
      toggleClass(this._map.getContainer(), "jr-measuring", this._active);
      toggleClass(this.getContainer(), "jr-active", this._active);
      this._out.textContent = this._active ? "Click two points" : "";
    },
    add: function (latlng) {
      if (this._points.length === 2) { this._points = []; this._layer.clearLayers(); }
      this._points.push(latlng);
      L.circleMarker(latlng, {radius: 4, color: "#000", weight: 2, fillColor: "#fff", fillOpacity: 1,
                              interactive: false, className: "jr-measure-point"}).addTo(this._layer);
      if (this._points.length < 2) { this._out.textContent = "Click a second point"; return; }
      var p = this._points, text = J.formatKm(J.geodesicKm(p[0], p[1]));
      L.polyline(J.greatCircle(p[0], p[1], 64), {color: "#000", weight: 2, dashArray: "4 4", interactive: false,
                                                 className: "jr-measure-line"}).addTo(this._layer);
      var label = L.marker(p[1], {icon: L.divIcon({className: "jr-measure-label", iconSize: null, iconAnchor: [-8, 8]}),
                                  interactive: false, keyboard: false}).addTo(this._layer);
      label.getElement().textContent = text;
      this._out.textContent = text + " (geodesic)";
    }
  });

  /* The legend folds to one line on a narrow map (a phone), where open it would cover most of it. */
  var LEGEND_OPEN_PX = 600;
  /* the legend's widest, px, its padding included (the style sheet sizes it by its border box): set on
     it here (not in the style sheet) so that fit() knows it without measuring; closed, it is one line,
     "Legend" */
  var LEGEND_MAX_PX = 266, LEGEND_MAX_NARROW_PX = 216, LEGEND_CLOSED_PX = 90;
  function legendWidest(box) {
    return box.open ? parseFloat(box.style.maxWidth) : LEGEND_CLOSED_PX;
  }
  J.Legend = L.Control.extend({
    options: {position: "bottomright"},
    onAdd: function (map) {
      var box = L.DomUtil.create("details", "jr-legend");
      box.style.maxWidth = (window.matchMedia("(max-width: 760px)").matches ? LEGEND_MAX_NARROW_PX : LEGEND_MAX_PX) + "px";
      L.DomUtil.create("summary", "", box).textContent = "Legend";
      L.DomUtil.create("div", "jr-legend-body", box).innerHTML = this.options.html;  /* built and escaped by the page generator */
      box.open = map.getSize().x >= LEGEND_OPEN_PX;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });

  /* fullscreen, measuring and the legend; returns the legend's element, to fit the route beside it */
  J.addControls = function (map, legendHtml) {
    new J.Fullscreen().addTo(map);
    new J.Measure().addTo(map);
    return legendHtml ? new J.Legend({html: legendHtml}).addTo(map).getContainer() : null;
  };

  /* -- the view and the slider's time in the URL --------------------------------------------------
     ``#map=zoom/lat/lon&t=minutes`` (t: the slider's minutes from the journey's start), so a shared
     link or a reload shows what the reader saw. replaceState: moving the map adds no history entry. */
  J.hashState = function () {
    var state = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("="), key = part.slice(0, eq), value = part.slice(eq + 1);
      if (eq < 0 || value === "") { return; }
      if (key === "map") {
        var n = value.split("/").map(Number);
        if (n.length === 3 && n.every(isFinite) && Math.abs(n[1]) <= 90) {
          state.zoom = n[0]; state.center = L.latLng(n[1], n[2]);
        }
      } else if (key === "t" && isFinite(Number(value))) {
        state.t = Number(value);
      }
    });
    return state;
  };
  var shared = {}, sharePending = null;
  function writeHash() {
    sharePending = null;
    var parts = [];
    if (shared.map) {
      var c = shared.map.getCenter();
      parts.push("map=" + Number(shared.map.getZoom().toFixed(2)) + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5));
    }
    if (shared.t !== undefined) { parts.push("t=" + Math.round(shared.t)); }
    history.replaceState(history.state, "", "#" + parts.join("&"));
  }
  /* note what the URL should hold; written at most every 200 ms, so playing does not flood history */
  J.share = function (key, value) {
    shared[key] = value;
    if (!sharePending) { sharePending = setTimeout(writeHash, 200); }
  };
  /* the view from the URL if it holds one, else the fitted one; from then on, each move is noted */
  function restoreView(map, state, fitView) {
    if (state.center) { map.setView(state.center, state.zoom, {animate: false}); } else { fitView(); }
    map.on("moveend", function () { J.share("map", map); });
  }

  /* The journey's GeoJSON, as `journeys export` writes it, offered as a file made in the page: no
     request. It comes packed (journeys/render/download.py): gzipped export text in base64 whose
     LineString coordinate lists are placeholders, the lists beside it as encoded polylines. Unpacked
     once, when first asked for, and each list written back as Python's json.dumps(indent=1) writes it,
     so the file is the export's very bytes. */
  function pyFloat(x) {  /* a float as Python's repr prints it (the export's numbers are floats) */
    if (Object.is(x, -0)) { return "-0.0"; }
    var a = Math.abs(x);
    if (Number.isInteger(x) && a < 1e16) { return x.toFixed(1); }
    if (a >= 1e-4 && a < 1e16) { return String(x); }
    var parts = x.toExponential().split("e"), e = parseInt(parts[1], 10);
    return parts[0] + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
  }
  function pyLine(pairs, depth) {
    if (!pairs.length) { return "[]"; }
    var i1 = "\n" + " ".repeat(depth + 1), i2 = "\n" + " ".repeat(depth + 2);
    return "[" + pairs.map(function (p) {
      return i1 + "[" + i2 + pyFloat(p[0]) + "," + i2 + pyFloat(p[1]) + i1 + "]";
    }).join(",") + "\n" + " ".repeat(depth) + "]";
  }
  function unpackGeojson(base64) {
    var bin = atob(base64), bytes = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) { bytes[k] = bin.charCodeAt(k); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (json) {
      var pack = JSON.parse(json);
      /* a placeholder is the string "\u0000line N" at the start of a line's value, indented as its key */
      return pack.text.replace(/^( *)("coordinates": )"\\u0000line (\d+)"/gm, function (_, indent, key, n) {
        var line = pack.lines[+n];
        return indent + key + pyLine(decodeLine(line.polyline, line.digits), indent.length);
      });
    });
  }
  function offerDownload() {
    var link = byId("jr-download"), packed = byId("journeys-geojson"), ready = null;
    if (!link || !packed) { return; }
    if (!window.DecompressionStream) { link.textContent += " (this browser cannot unpack it: try a current one)"; return; }
    L.DomEvent.on(link, "click", function (e) {
      if (link.href.indexOf("blob:") === 0) { return; }
      L.DomEvent.preventDefault(e);  /* unpacking takes a moment: the link is followed again when done */
      if (ready) { return; }
      ready = unpackGeojson(packed.textContent).then(function (text) {
        link.href = URL.createObjectURL(new Blob([text], {type: "application/geo+json"}));
        link.click();
      }, function (err) { ready = null; throw err; });  /* reported, and a later click tries again */
    });
  }

  /* -- drawing ---------------------------------------------------------------------------------- */
  var STOP_STYLES = {
    origin: {radius: 8, color: "#fff", weight: 2, fillColor: "#111", fillOpacity: 1},
    destination: {radius: 8, color: "#fff", weight: 2, fillColor: "#111", fillOpacity: 1},
    stop: {radius: 6, color: "#111", weight: 2, fillColor: "#fff", fillOpacity: 1},
    pass: {radius: 4, color: "#444", weight: 1.5, fillColor: "#fff", fillOpacity: 1},
    border: {radius: 8, color: "#c62828", weight: 3, dashArray: "3 2", fillColor: "#ffd400", fillOpacity: 1}
  };

  /* Every line is drawn OFFSET pixels to the right of its direction of travel (leaflet-polylineoffset),
     so the outbound and return legs of one track run side by side at every zoom, each with arrows
     (leaflet-polylinedecorator) that sit on it. */
  var OFFSET = J.OFFSET = 4, ARROW_REPEAT = 200;
  /* A track is finer than a pixel when zoomed out; offsetting its sub-pixel wiggles makes loops that
     cover the line beside it. Simplify to the offset's size first (in pixels, at the current zoom). */
  var offsetPoints = L.PolylineOffset.offsetPoints;
  L.PolylineOffset.offsetPoints = function (pts, offset) {
    var simple = L.LineUtil.simplify(pts.map(function (p) { return L.point(p.x, p.y); }), Math.abs(offset));
    return offsetPoints.call(L.PolylineOffset, simple, offset);
  };
  /* The decorator places symbols along the line's coordinates; these sit on the offset line instead.
     That line is the one Leaflet drew: its projected, offset and simplified points (``_rings``, made
     anew at every zoom before the decorator redraws on ``moveend``), a few hundred at most, rather
     than every point of the track projected and offset again at every move. */
  J.OffsetDecorator = L.PolylineDecorator.extend({
    _getDirectionPoints: function (latLngs, pattern) {
      if (latLngs.length < 2) { return []; }
      var map = this._map, line = this._line, offset = this.options.offset || 0, pts;
      if (line && line._map === map && line._rings && line._rings.length === 1) {
        var origin = map.getPixelOrigin();
        pts = line._rings[0].map(function (p) { return p.add(origin); });
      } else {
        pts = latLngs.map(function (ll) { return map.project(ll); });
        if (offset) { pts = L.PolylineOffset.offsetPoints(pts, offset); }
      }
      /* the plugin puts its first symbol at the pattern's offset even on a line shorter than that, off
         the line's end (a short leg at a country's zoom had an arrow floating beside it): none there */
      var length = 0;
      for (var k = 1; k < pts.length; k++) { length += pts[k].distanceTo(pts[k - 1]); }
      if (pattern.offset.isInPixels && pattern.offset.value > length) { return []; }
      return L.PolylineDecorator.prototype._getDirectionPoints.call(this, pts.map(function (p) {
        return map.unproject(p);
      }), pattern);
    }
  });
  function arrows(line, colour, offset) {
    var decorator = new J.OffsetDecorator(line, {offset: offset, patterns: [{
      offset: 60, repeat: ARROW_REPEAT,
      symbol: L.Symbol.arrowHead({pixelSize: 9, polygon: true, headAngle: 50,
        pathOptions: {color: "#fff", weight: 1, fillColor: colour, fillOpacity: 1, opacity: 1, interactive: false,
                      className: "jr-arrow"}})
    }]});
    decorator._line = line;
    return decorator;
  }

  /* draws each leg into its direction's group (``groups.out`` / ``groups.back``); returns the lines.
     Their direction arrows are left to ``later`` (see drawDetached): drawn after the lines are shown. */
  function drawLegs(journey, groups, colour, bounds, offset, weight, later) {
    var lines = [], decorate = [];
    journey.legs.forEach(function (leg) {
      var group = groups[leg.direction] || groups.out, stroke = colour || leg.color;
      var line = L.polyline(leg.coords, {
        color: stroke, weight: weight || 5, opacity: 0.95, lineCap: leg.estimate ? "butt" : "round",
        dashArray: leg.estimate ? "10 8" : null, offset: offset,
        className: "journey-route journey-" + journey.id + " journey-dir-" + leg.direction +
                   (leg.estimate ? " journey-estimate" : "")
      });
      line.bindPopup(leg.popup_html, {maxWidth: 380, className: "jr-popup"});
      line.bindTooltip(leg.tooltip_html, {sticky: true});
      line.on("popupopen", function () { line.closeTooltip(); });
      line.addTo(group);
      decorate.push(function () { arrows(line, stroke, offset).addTo(group); });
      lines.push(line);
      bounds.extend(line.getBounds());
    });
    later(function () { decorate.forEach(function (draw) { draw(); }); });
    return lines;
  }

  /* hovering any of ``lines`` brings them all to the front, above whatever they overlap */
  function frontOnHover(lines, extra) {
    function raise() {
      lines.forEach(function (l) { l.bringToFront(); L.DomUtil.addClass(l.getElement(), "jr-hover"); });
    }
    function lower() { lines.forEach(function (l) { L.DomUtil.removeClass(l.getElement(), "jr-hover"); }); }
    lines.forEach(function (l) { l.on("mouseover", raise); l.on("mouseout", lower); });
    (extra || []).forEach(function (el) {
      el.addEventListener("mouseenter", raise); el.addEventListener("mouseleave", lower);
    });
  }

  /* Every stop marker on the page, so a click can find all the markers under the pointer. */
  var stopMarkers = [];
  var NEAR_PX = 10;

  /* A click on a marker opens its popup; when other stops lie under the pointer too (Tumangang and
     Khasan at a country's zoom, or several journeys' Pyongyang), it opens a short list of all of them
     instead, each opening its own popup, so no marker hides another. */
  function stopClicked(marker, map) {
    var here = map.latLngToContainerPoint(marker.getLatLng());
    var near = stopMarkers.filter(function (m) {
      return m._map && map.latLngToContainerPoint(m.getLatLng()).distanceTo(here) <= NEAR_PX;
    });
    if (near.length < 2) { marker.openPopup(); return; }
    var box = L.DomUtil.create("div", "jr-chooser");
    L.DomUtil.create("div", "jr-meta", box).textContent = near.length + " places here:";
    near.forEach(function (m) {
      var b = L.DomUtil.create("button", "jr-choice", box);
      b.type = "button";
      b.setAttribute("data-stop", m.jrIndex);
      b.setAttribute("data-journey", m.jrJourney);
      b.textContent = m.jrLabel;  /* record text: only ever set as text */
      L.DomEvent.on(b, "click", function () { map.closePopup(); m.openPopup(); });
    });
    L.popup({className: "jr-popup jr-chooser-popup", maxWidth: 320}).setLatLng(marker.getLatLng())
      .setContent(box).openOn(map);
  }

  /* Stops live in a pane of their own above the lines: a line brought to the front (hovered, or in a
     claim's span) must never cover the stops at its ends, or a click on a stop would open the line. */
  function stopPane(map) {
    if (!map.getPane("jrStops")) { map.createPane("jrStops").style.zIndex = 450; }
    return "jrStops";
  }

  function drawStops(journey, group, bounds, map) {
    var pane = stopPane(map);
    return journey.stops.map(function (stop, i) {
      var style = L.extend({}, STOP_STYLES[stop.role] || STOP_STYLES.stop, {
        className: "journey-stop journey-stop-" + i + " journey-role-" + stop.role + " journey-" + journey.id,
        bubblingMouseEvents: false, pane: pane
      });
      var marker = L.circleMarker([stop.lat, stop.lon], style);
      marker.jrIndex = i; marker.jrJourney = journey.id;
      marker.jrLabel = stop.name + (journey.title ? " — " + journey.title : "");
      marker.bindPopup(stop.popup_html, {maxWidth: 380, className: "jr-popup"});
      marker.off("click", marker._openPopup, marker);  /* opened by stopClicked instead */
      marker.on("click", function () { stopClicked(marker, map); });
      marker.bindTooltip(stop.tooltip_html, {direction: "top", offset: [0, -8]});
      marker.on("popupopen", function () { marker.closeTooltip(); });  /* the popup says more */
      marker.addTo(group);
      stopMarkers.push(marker);
      bounds.extend(marker.getLatLng());
      return marker;
    });
  }

  /* fit the journey into the part of the map the legend leaves free */
  /* The route is fitted beside the legend by the widest the legend may be, not by its measured width:
     measuring it made the browser lay the page out in the middle of drawing, and again for the frame
     (half the time of drawing a journey). */
  function fit(map, bounds, legend) {
    if (!bounds.isValid()) { return; }
    var size = map.getSize(), right = 24, widest = legend ? legendWidest(legend) : 0;
    if (legend && widest < size.x / 2) { right += widest; }
    map.fitBounds(bounds, {paddingTopLeft: [48, 24], paddingBottomRight: [right, 24], maxZoom: 12, animate: false});
  }

  function ready(map) {
    document.documentElement.setAttribute("data-journeys-ready", "1");
    window.journeysReadyAt = performance.now();
  }

  function credit(map, d) {
    /* the track's licences ask for a credit wherever it is drawn (ODbL: "© OpenStreetMap contributors"),
       and GeoNames' for the city names */
    var credits = (d.credits || []).map(function (text) { return "Track: " + text; });
    credits.concat(d.cities_credit ? [d.cities_credit] : []).forEach(function (text) {
      var span = document.createElement("span");
      span.textContent = text;
      map.attributionControl.addAttribution(span.outerHTML);
    });
  }

  /* Draws with the page's layers (background and groups) off the map, then puts them back: the map is
     fitted to the route before any line, marker or tile is made, so each is projected and drawn once,
     at the view the reader gets, not first at Leaflet's starting view and again after the fit.
     ``draw(map, layers, d, later)`` draws the lines, stops and controls at once and hands ``later``
     what can follow them (direction arrows, names, the panel's links to the map, playback): after the
     first frame has shown the route, each such piece runs in idle time, one at a time, so input and
     frames come first instead of waiting until all is done (see afterFirstFrame).
     The side panel (claims, chart, sources) is not laid out until the map has been shown: the style
     sheet skips its rendering (content-visibility) until the page says ``data-journeys-shown``, a
     frame after the last piece; the page says it is ready (``data-journeys-ready``) only then. */
  J.drawDetached = function (map, layers, d, draw) {
    var shown = [], root = document.documentElement, pieces = [];
    performance.mark("journeys-draw");  /* marks for bench/bench_maps.py --profile */
    map.eachLayer(function (layer) { shown.push(layer); });  /* the background and the (empty) groups */
    shown.forEach(function (layer) { map.removeLayer(layer); });
    try {
      draw(map, layers, d, function (piece) { pieces.push(piece); });
    } finally {
      /* the plain background's tiles are made after the first frame, as they are painted: the route
         and stops are shown on the page's land colour first, and making a view's canvases before
         that frame cost more than drawing the route */
      shown.forEach(function (layer) {
        if (!layer._held) { map.addLayer(layer); return; }
        pieces.unshift(function () { layer._held = false; map.addLayer(layer); });
      });
      performance.measure("journeys-draw", "journeys-draw");
      var ready = root.hasAttribute("data-journeys-ready");
      root.removeAttribute("data-journeys-ready");
      afterFirstFrame(pieces, function () {
        root.setAttribute("data-journeys-shown", "1");
        performance.mark("journeys-shown");
        if (ready) { root.setAttribute("data-journeys-ready", "1"); }
      });
    }
  };

  /* Runs ``pieces`` one an idle period, in order, from the frame after this one; then ``done`` a frame
     later. A piece that fails is reported (as an uncaught error) and the rest still run. */
  function afterFirstFrame(pieces, done) {
    function next() {
      var piece = pieces.shift();
      if (!piece) {
        performance.mark("journeys-pieces-done");
        L.Util.requestAnimFrame(done);
        return;
      }
      try { piece(); } finally { J.whenIdle(next); }
    }
    L.Util.requestAnimFrame(function () { J.whenIdle(next); });
  }

  /* what the names on the map need of each of ``journey``'s stop markers */
  function namedStops(markers, journey) {
    return markers.map(function (m, i) {
      var stop = journey.stops[i];
      return {name: stop.name, role: stop.role, latlng: m.getLatLng(), radius: m.getRadius()};
    });
  }

  function now(piece) { piece(); }

  /* The journey's lines, stops and controls, fitted; ``later`` (see drawDetached) takes the rest. */
  J.drawJourney = function (map, layers, d, later) {
    later = later || now;
    credit(map, d);
    var bounds = L.latLngBounds([]);
    var lines = drawLegs(d, {out: layers.route, back: layers["return"] || layers.route}, null, bounds, OFFSET, 5, later);
    lines.forEach(function (l) { frontOnHover([l]); });
    var markers = drawStops(d, layers.stops, bounds, map);
    var legend = J.addControls(map, d.legend_html), state = J.hashState();
    restoreView(map, state, function () { fit(map, bounds, legend); });
    if (state.t !== undefined && byId("jr-slider")) { byId("jr-slider").value = state.t; }  /* the range clamps it */
    if (layers._names) { later(function () { J.placeNames(map, layers._names, namedStops(markers, d), d.cities); }); }
    later(function () { J.linkPanel(map, d, lines, markers, layers.stops, legend); });
    if (layers.train && d.anchors.length) { later(function () { J.playback(map, layers.train, d); }); }
    offerDownload();
    ready(map);
  };

  J.drawOverview = function (map, layers, d, later) {
    later = later || now;
    credit(map, d);
    var bounds = L.latLngBounds([]);
    var n = d.journeys.length, lanes = Math.min(n, 7), markers = [];
    d.journeys.forEach(function (j, i) {
      /* journeys on one track take lanes side by side; hovering one (or its entry in the list) raises it */
      var lane = (i % lanes) - (lanes - 1) / 2;
      var lines = drawLegs(j, {out: layers[j.id]}, j.color, bounds, lane * 3.5, 3.5, later);
      frontOnHover(lines, Array.prototype.slice.call(document.querySelectorAll('[data-journey="' + j.id + '"]')));
      markers = markers.concat(namedStops(drawStops(j, layers[j.id], bounds, map), j));
    });
    var legend = J.addControls(map, d.legend_html);
    restoreView(map, J.hashState(), function () { fit(map, bounds, legend); });
    if (layers._names) { later(function () { J.placeNames(map, layers._names, markers, d.cities); }); }
    ready(map);
  };

  /* -- the panel tied to the map: a claim shows its stretch, a stop in the list shows the stop ---- */
  var SPAN_CLASS = "jr-span", SPAN_STOP_CLASS = "jr-span-stop";

  /* A note on the map with the selected claim's verdict and the reason for it, and a way to clear it. */
  J.ClaimNote = L.Control.extend({
    options: {position: "topright"},
    onAdd: function () {
      var box = L.DomUtil.create("div", "jr-claim-note");
      box.hidden = true;
      this._verdict = L.DomUtil.create("span", "jr-verdict", box);
      this._text = L.DomUtil.create("span", "jr-claim-reason", box);
      this._close = L.DomUtil.create("button", "jr-claim-close", box);
      this._close.type = "button"; this._close.textContent = "×";
      this._close.title = "Clear the highlighted stretch"; this._close.setAttribute("aria-label", this._close.title);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
    show: function (verdict, reason) {
      this._verdict.className = "jr-verdict " + verdict;
      this._verdict.textContent = verdict;
      this._text.textContent = reason;  /* read from the panel as text: never parsed again */
      this.getContainer().hidden = false;
    },
    hide: function () { this.getContainer().hidden = true; }
  });

  J.linkPanel = function (map, d, lines, markers, stopsGroup, legend) {
    var note = new J.ClaimNote().addTo(map), claims = document.querySelectorAll("#jr-panel li.jr-claim");
    var selected = null, span = null;

    function inSpan(leg) { return span && leg.stops[0] >= span[0] && leg.stops[1] <= span[1]; }
    /* classes live on the SVG elements, which Leaflet makes anew when a layer is switched back on */
    function mark() {
      lines.forEach(function (line, k) {
        var el = line.getElement();
        if (el) { toggleClass(el, SPAN_CLASS, inSpan(d.legs[k])); el.setAttribute("data-leg", k); }
        if (inSpan(d.legs[k]) && map.hasLayer(line)) { line.bringToFront(); }
      });
      markers.forEach(function (m, i) {
        var el = m.getElement();
        if (el) { toggleClass(el, SPAN_STOP_CLASS, span !== null && i >= span[0] && i <= span[1]); }
      });
      toggleClass(map.getContainer(), "jr-has-span", span !== null);
    }
    lines.forEach(function (line) { line.on("add", mark); });
    markers.forEach(function (m) { m.on("add", mark); });
    mark();  /* for those already on the map */

    function clear() {
      if (selected) { L.DomUtil.removeClass(selected, "jr-selected"); selected.setAttribute("aria-pressed", "false"); }
      selected = null; span = null; note.hide(); mark();
    }
    function select(li) {
      if (selected === li) { clear(); return; }
      clear();
      selected = li; span = [Number(li.getAttribute("data-from")), Number(li.getAttribute("data-to"))];
      L.DomUtil.addClass(li, "jr-selected"); li.setAttribute("aria-pressed", "true");
      var verdict = ["consistent", "inconsistent", "undetermined"].filter(function (v) {
        return L.DomUtil.hasClass(li, v);
      })[0] || "";
      note.show(verdict, li.querySelector(".jr-reason").textContent);
      mark();
      var bounds = L.latLngBounds([]);
      lines.forEach(function (line, k) { if (inSpan(d.legs[k])) { bounds.extend(line.getBounds()); } });
      markers.forEach(function (m, i) { if (i >= span[0] && i <= span[1]) { bounds.extend(m.getLatLng()); } });
      fit(map, bounds, legend);
    }
    Array.prototype.forEach.call(claims, function (li) {
      li.setAttribute("role", "button"); li.setAttribute("aria-pressed", "false");
      li.addEventListener("click", function (e) {
        if (e.target.closest("a")) { return; }  /* a source's link opens the source, nothing else */
        select(li);
      });
      li.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(li); }
      });
    });
    L.DomEvent.on(note._close, "click", clear);

    /* the stop list: zoom to the stop and open its popup */
    Array.prototype.forEach.call(document.querySelectorAll("#jr-panel .jr-stop-link"), function (b) {
      b.addEventListener("click", function () {
        var marker = markers[Number(b.getAttribute("data-stop"))];
        if (!marker) { return; }
        if (!map.hasLayer(stopsGroup)) { stopsGroup.addTo(map); }
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 10), {animate: false});
        marker.openPopup();
      });
    });
  };
})();
