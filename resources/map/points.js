/* Canvas layers for the console map: 100,000 points drawn from typed arrays.
 *
 * Why not one Leaflet marker per point: a circleMarker costs an object, a path and a hit box
 * each; 100,000 of them take ~1 s to draw and every repaint walks them all (PLATFORM.md).
 * Here a layer keeps columns (Float64Array positions in Web Mercator at zoom 0, Uint8Array
 * style and kind indices) and rasterises them straight into an ImageData, at most once per
 * animation frame and only when something in that layer changed.
 */
(function () {
  "use strict";
  var ECC = (window.ECC = window.ECC || {});
  var DEG = Math.PI / 180;
  var VECTOR_MAX = 20000;

  function mercX(lon) { return (lon + 180) / 360 * 256; }
  function mercY(lat) {
    var s = Math.sin(Math.max(-85.0511, Math.min(85.0511, lat)) * DEG);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
  }
  ECC.mercX = mercX; ECC.mercY = mercY;

  function hexToAbgr(hex) {
    var v = parseInt(hex.slice(1), 16);
    return ((255 << 24) | ((v & 255) << 16) | (v & 0xff00) | ((v >> 16) & 255)) >>> 0;
  }
  ECC.hexToAbgr = hexToAbgr;

  function decode(b64, Type) {
    var bin = atob(b64), n = bin.length, bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }

  /* A full-window canvas that follows the map like Leaflet's own renderers (padding, zoom
   * animation), redrawn by ECC's frame loop when marked dirty. */
  ECC.CanvasLayer = L.Renderer.extend({
    options: { padding: 0.1 },
    initialize: function (name, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this.name = name;
      this.dirty = true;
    },
    _initContainer: function () {
      this._container = document.createElement("canvas");
      this._container.className = "ecc-canvas ecc-canvas-" + this.name;
      this._ctx = this._container.getContext("2d", { willReadFrequently: true });  // CPU-backed: putImageData is a copy, not a GPU upload
    },
    _destroyContainer: function () { L.DomUtil.remove(this._container); },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), c = this._container;
      L.DomUtil.setPosition(c, b.min);
      if (c.width !== size.x || c.height !== size.y) {
        c.width = size.x; c.height = size.y;
        c.style.width = size.x + "px"; c.style.height = size.y + "px";
        this._image = null;
      }
      this.markDirty();
    },
    markDirty: function () { this.dirty = true; ECC.schedule(); },
    /* offset and scale from Mercator-at-zoom-0 to canvas pixels */
    view: function () {
      var m = this._map, z = m.getZoom(), k = Math.pow(2, z), po = m.getPixelOrigin(), b = this._bounds;
      return { k: k, ox: po.x + b.min.x, oy: po.y + b.min.y, z: z, w: this._container.width, h: this._container.height };
    },
    render: function () {
      if (!this._map || !this._bounds) return false;
      this.dirty = false;
      this.draw(this._ctx, this.view());
      return true;
    },
    draw: function () {}
  });

  /* Point columns with id -> row; removal swaps the last row in. */
  ECC.PointLayer = ECC.CanvasLayer.extend({
    initialize: function (name, cfg, options) {
      ECC.CanvasLayer.prototype.initialize.call(this, name, options);
      this.cfg = cfg;
      this.n = 0; this.cap = 0;
      this.ids = []; this.index = new Map();
      this._grow(1024);
      var pal = cfg.palette[name] || [], unk = hexToAbgr(cfg.palette.unknown);
      this.colours = new Uint32Array(256).fill(unk);
      for (var i = 0; i < pal.length; i++) this.colours[i] = hexToAbgr(pal[i]);
      this.dark = hexToAbgr("#202020");
      this.highlightId = null;
      this.visibleKinds = null;  // null: every kind
      this.full = true;          // false: only the points in `touched` changed, in place
      this.touched = [];
      this.stamped = 0;
    },
    markDirty: function (full) {
      if (full !== false) this.full = true;
      ECC.CanvasLayer.prototype.markDirty.call(this);
    },
    _grow: function (cap) {
      var old = this;
      function grow(Type, a) { var b = new Type(cap); if (a) b.set(a.subarray(0, old.n)); return b; }
      this.lon = grow(Float64Array, this.lon); this.lat = grow(Float64Array, this.lat);
      this.mx = grow(Float64Array, this.mx); this.my = grow(Float64Array, this.my);
      this.s = grow(Uint8Array, this.s); this.k = grow(Uint8Array, this.k);
      this.d = grow(Float32Array, this.d);
      this.cap = cap;
    },
    upsert: function (u) {
      var n = u.n; if (!n) return;
      this.upsertColumns(n, u.id.split("\n"), decode(u.lon, Float64Array), decode(u.lat, Float64Array),
        u.s ? decode(u.s, Uint8Array) : new Uint8Array(n), u.k ? decode(u.k, Uint8Array) : new Uint8Array(n),
        u.d ? decode(u.d, Float32Array) : new Float32Array(n).fill(NaN));
    },
    /* a binary block from maps/wire.py encode_binary: header, ids, then aligned columns */
    upsertBinary: function (buf) {
      var dv = new DataView(buf), hlen = dv.getUint32(0, true);
      var head = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, hlen))), n = head.n, cols = {};
      if (!n) return;
      var ids = new TextDecoder().decode(new Uint8Array(buf, head.ids[0], head.ids[1])).split("\n");
      var types = { f64: Float64Array, f32: Float32Array, u8: Uint8Array };
      for (var name in head.cols) { var c = head.cols[name]; cols[name] = new types[c[0]](buf, c[1], n); }
      this.upsertColumns(n, ids, cols.lon, cols.lat, cols.s || new Uint8Array(n), cols.k || new Uint8Array(n),
                         cols.d || new Float32Array(n).fill(NaN));
    },
    upsertColumns: function (n, ids, lon, lat, s, k, d) {
      if (this.n + n > this.cap) this._grow(Math.max(this.cap * 2, this.n + n));
      var index = this.index, touched = this.touched;
      for (var j = 0; j < n; j++) {
        var i = index.get(ids[j]);
        if (i === undefined) { i = this.n++; index.set(ids[j], i); this.ids[i] = ids[j]; this.full = true; }
        else if (this.lon[i] !== lon[j] || this.lat[i] !== lat[j] ||
                 (this.d[i] !== d[j] && (this.d[i] === this.d[i] || d[j] === d[j]))) this.full = true;  // NaN == NaN here
        else if (!this.full) { touched.push(i); if (touched.length > 4000) this.full = true; }
        this.lon[i] = lon[j]; this.lat[i] = lat[j];
        this.mx[i] = mercX(lon[j]); this.my[i] = mercY(lat[j]);
        this.s[i] = s[j]; this.k[i] = k[j]; this.d[i] = d[j];
      }
      this.markDirty(this.full);
    },
    remove: function (ids) {
      for (var j = 0; j < ids.length; j++) {
        var i = this.index.get(ids[j]);
        if (i === undefined) continue;
        var last = --this.n;
        this.index.delete(ids[j]);
        if (i !== last) {
          var lid = this.ids[last];
          this.ids[i] = lid; this.index.set(lid, i);
          this.lon[i] = this.lon[last]; this.lat[i] = this.lat[last];
          this.mx[i] = this.mx[last]; this.my[i] = this.my[last];
          this.s[i] = this.s[last]; this.k[i] = this.k[last]; this.d[i] = this.d[last];
        }
        this.ids.length = this.n;
      }
      if (ids.length) this.markDirty();
    },
    latlngOf: function (id) {
      var i = this.index.get(id);
      return i === undefined ? null : L.latLng(this.lat[i], this.lon[i]);
    },
    radius: function (z) { return z <= 11 ? 1 : z <= 13 ? 2 : z <= 15 ? 3 : 4; },
    _sprite: function (r, w) {
      /* offsets of a disk of radius r (+0.5) and its one-pixel outline, in a w-wide buffer */
      var fill = [], edge = [];
      for (var dy = -r - 1; dy <= r + 1; dy++)
        for (var dx = -r - 1; dx <= r + 1; dx++) {
          var q = dx * dx + dy * dy;
          if (q <= (r + 0.5) * (r + 0.5)) fill.push(dy * w + dx);
          else if (r >= 2 && q <= (r + 1.5) * (r + 1.5)) edge.push(dy * w + dx);
        }
      return { fill: new Int32Array(fill), edge: new Int32Array(edge), r: r + 1 };
    },
    draw: function (ctx, v) {
      if (this.n <= VECTOR_MAX) { this.drawVector(ctx, v); return; }
      var w = v.w, h = v.h;
      if (!this._image || this._image.width !== w || this._image.height !== h) {
        this._image = ctx.createImageData(w, h);
        this._buf = new Uint32Array(this._image.data.buffer);
        this.full = true;
      }
      /* a few points changed state in place: stamp just those and upload their squares
       * (a full raster of 100,000 points costs 10-25 ms; this costs well under 1 ms) */
      if (!this.full && !this.drawsExtras(v) && this.stamped < 20000) {
        this.stamp(ctx, v, this.touched);
        this.touched.length = 0;
        return;
      }
      this.full = false; this.touched.length = 0; this.stamped = 0;
      var buf = this._buf; buf.fill(0);
      var sp = this._sprite(this.radius(v.z), w), fill = sp.fill, edge = sp.edge, R = sp.r,
          nf = fill.length, ne = edge.length, k = v.k, ox = v.ox, oy = v.oy,
          mx = this.mx, my = this.my, s = this.s, cols = this.colours, dark = this.dark,
          kinds = this.visibleKinds, kk = this.k, n = this.n;
      /* two passes so that the rare non-normal states are drawn over the normal mass */
      for (var pass = 0; pass < 2; pass++) {
        for (var i = 0; i < n; i++) {
          var si = s[i];
          if ((si === 0) !== (pass === 0)) continue;
          if (kinds !== null && !kinds[kk[i]]) continue;
          var x = (mx[i] * k - ox) | 0, y = (my[i] * k - oy) | 0;
          if (x < R || y < R || x >= w - R || y >= h - R) continue;
          var base = y * w + x, c = cols[si], j;
          for (j = 0; j < ne; j++) buf[base + edge[j]] = dark;
          for (j = 0; j < nf; j++) buf[base + fill[j]] = c;
        }
      }
      ctx.putImageData(this._image, 0, 0);
      this.drawExtras(ctx, v);
      this.drawHighlight(ctx, v);
    },
    drawExtras: function () {},
    /* Up to VECTOR_MAX points, batched canvas calls beat a full-window ImageData upload
     * (whose fixed cost is ~10-20 ms at 1680 x 1080). */
    drawVector: function (ctx, v) {
      this.full = false; this.touched.length = 0; this.stamped = 0;
      ctx.clearRect(0, 0, v.w, v.h);
      var r = this.radius(v.z), pal = this.cfg.palette[this.name] || [], kinds = this.visibleKinds, n = this.n;
      for (var pass = 0; pass < 2; pass++) {
        for (var c = 0; c <= pal.length; c++) {
          var want = c < pal.length ? c : 255, any = false;
          ctx.beginPath();
          ctx.fillStyle = want < pal.length ? pal[want] : this.cfg.palette.unknown;
          for (var i = 0; i < n; i++) {
            var si = this.s[i] < pal.length ? this.s[i] : 255;
            if (si !== want || (si === 0) !== (pass === 0)) continue;
            if (kinds !== null && !kinds[this.k[i]]) continue;
            var x = (this.mx[i] * v.k - v.ox) | 0, y = (this.my[i] * v.k - v.oy) | 0;
            if (x < -r || y < -r || x > v.w + r || y > v.h + r) continue;
            if (r < 2) ctx.fillRect(x - 1, y - 1, 3, 3);  // far cheaper than one path of thousands
            else { ctx.moveTo(x + r + 1.5, y + 0.5); ctx.arc(x + 0.5, y + 0.5, r + 1, 0, 2 * Math.PI); any = true; }
          }
          if (!any) continue;
          ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = "#202020"; ctx.stroke();
        }
      }
      this.drawExtras(ctx, v);
      this.drawHighlight(ctx, v);
    },
    drawsExtras: function () { return this.highlightId !== null; },
    stamp: function (ctx, v, list) {
      /* vector-draw the changed points over the canvas (putImageData with a dirty rectangle
       * still converts the whole image in Chromium: ~10 ms a call); the next full raster
       * rebuilds the buffer from the columns anyway */
      var r = this.radius(v.z), R = r + 1, kinds = this.visibleKinds, pal = this.cfg.palette[this.name] || [],
          unk = this.cfg.palette.unknown;
      for (var t = 0; t < list.length; t++) {
        var i = list[t];
        if (i >= this.n || (kinds !== null && !kinds[this.k[i]])) continue;
        var x = (this.mx[i] * v.k - v.ox) | 0, y = (this.my[i] * v.k - v.oy) | 0;
        if (x < R || y < R || x >= v.w - R || y >= v.h - R) continue;
        ctx.fillStyle = pal[this.s[i]] || unk;
        if (r < 2) { ctx.fillRect(x - 1, y - 1, 3, 3); continue; }
        ctx.beginPath(); ctx.arc(x + 0.5, y + 0.5, r + 1, 0, 2 * Math.PI);
        ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = "#202020"; ctx.stroke();
      }
      this.stamped += list.length;
    },
    drawHighlight: function (ctx, v) {
      if (this.highlightId === null) return;
      var i = this.index.get(this.highlightId);
      if (i === undefined) return;
      var x = this.mx[i] * v.k - v.ox, y = this.my[i] * v.k - v.oy;
      ctx.lineWidth = 3; ctx.strokeStyle = this.cfg.palette.highlight;
      ctx.beginPath(); ctx.arc(x, y, this.radius(v.z) + 7, 0, 2 * Math.PI); ctx.stroke();
    },
    /* nearest visible point within tol pixels of a container point: a linear scan of the
     * typed arrays costs ~1 ms for 100,000 points, cheaper than keeping a grid per frame */
    hit: function (cp, tol) {
      if (!this._map) return null;
      var m = this._map, k = Math.pow(2, m.getZoom()), po = m.getPixelOrigin(),
          lp = m.containerPointToLayerPoint(cp), px = lp.x + po.x, py = lp.y + po.y,
          best = -1, bd = tol * tol, mx = this.mx, my = this.my, kinds = this.visibleKinds, kk = this.k;
      for (var i = 0; i < this.n; i++) {
        if (kinds !== null && !kinds[kk[i]]) continue;
        var dx = mx[i] * k - px, dy = my[i] * k - py, q = dx * dx + dy * dy;
        if (q <= bd) { bd = q; best = i; }
      }
      return best < 0 ? null : this.ids[best];
    }
  });

  /* Cameras: a dot, and from zoom 15 the field of view as a wedge where the direction is known. */
  ECC.CameraLayer = ECC.PointLayer.extend({
    drawsExtras: function (v) { return v.z >= 15 || this.highlightId !== null; },
    drawExtras: function (ctx, v) {
      if (v.z < 15) return;
      ctx.fillStyle = "rgba(11,110,153,0.22)"; ctx.strokeStyle = "rgba(11,110,153,0.8)"; ctx.lineWidth = 1;
      var len = v.z >= 17 ? 46 : 30;
      ctx.beginPath();
      for (var i = 0; i < this.n; i++) {
        var dir = this.d[i]; if (dir !== dir) continue;  // NaN: direction unknown
        var x = this.mx[i] * v.k - v.ox, y = this.my[i] * v.k - v.oy;
        if (x < -len || y < -len || x > v.w + len || y > v.h + len) continue;
        var a = (dir - 90) * DEG;  // canvas angles run clockwise from east
        ctx.moveTo(x, y); ctx.arc(x, y, len, a - 0.45, a + 0.45); ctx.closePath();
      }
      ctx.fill(); ctx.stroke();
    }
  });

  /* Units: few (hundreds) but moving: vector-drawn with status colour, heading and kind glyph. */
  /* Units: few (hundreds) but moving: status-coloured discs with a heading arrow, kind glyph
   * from zoom 13. Paths are batched per colour: a fill per unit costs ~0.1 ms on a software
   * canvas, 500 of them 50 ms; ten batched fills cost ~2 ms. */
  ECC.UnitLayer = ECC.PointLayer.extend({
    draw: function (ctx, v) {
      ctx.clearRect(0, 0, v.w, v.h);
      var big = v.z >= 13, r = big ? 9 : 5, glyphs = this.cfg.unitGlyphs, pal = this.cfg.palette.units,
          n = this.n, xs = new Float32Array(n), ys = new Float32Array(n), vis = new Uint8Array(n), i;
      for (i = 0; i < n; i++) {
        xs[i] = this.mx[i] * v.k - v.ox; ys[i] = this.my[i] * v.k - v.oy;
        vis[i] = xs[i] > -20 && ys[i] > -20 && xs[i] < v.w + 20 && ys[i] < v.h + 20 ? 1 : 0;
      }
      ctx.beginPath();
      for (i = 0; i < n; i++) {
        var hd = this.d[i];
        if (!vis[i] || hd !== hd) continue;
        var a = (hd - 90) * DEG, x = xs[i], y = ys[i];
        ctx.moveTo(x + Math.cos(a) * (r + 6), y + Math.sin(a) * (r + 6));
        ctx.lineTo(x + Math.cos(a + 0.5) * r, y + Math.sin(a + 0.5) * r);
        ctx.lineTo(x + Math.cos(a - 0.5) * r, y + Math.sin(a - 0.5) * r);
        ctx.closePath();
      }
      ctx.fillStyle = "#222"; ctx.fill();
      ctx.lineWidth = 1.5; ctx.strokeStyle = "#fff";
      for (var c = 0; c <= pal.length; c++) {
        var want = c < pal.length ? c : -1, any = false;
        ctx.beginPath();
        for (i = 0; i < n; i++) {
          if (!vis[i]) continue;
          var si = this.s[i] < pal.length ? this.s[i] : -1;
          if (si !== want) continue;
          ctx.moveTo(xs[i] + r, ys[i]); ctx.arc(xs[i], ys[i], r, 0, 2 * Math.PI); any = true;
        }
        if (!any) continue;
        ctx.fillStyle = want >= 0 ? pal[want] : this.cfg.palette.unknown; ctx.fill(); ctx.stroke();
      }
      if (big) {
        ctx.font = "bold 11px 'WenQuanYi Micro Hei', sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.fillStyle = "#fff";
        for (i = 0; i < n; i++) if (vis[i]) ctx.fillText(glyphs[this.k[i]] || "?", xs[i], ys[i] + 0.5);
      }
      this.drawHighlight(ctx, v);
    },
    radius: function (z) { return z >= 13 ? 9 : 5; }
  });

  /* Pulsing rings under incidents not yet acknowledged: one canvas repainted 4 times a
   * second. (A CSS box-shadow animation on 170 markers cut the page to 4-10 fps and grew the
   * renderer by ~1 MiB/s; drawn here the page stays at 20-30 fps and flat.) */
  ECC.PulseLayer = ECC.CanvasLayer.extend({
    initialize: function (cfg, incidents, options) {
      ECC.CanvasLayer.prototype.initialize.call(this, "pulse", options);
      this.cfg = cfg; this.incidents = incidents;
      var self = this;
      setInterval(function () {  // one more redraw after the last ring went, to clear it
        var live = self.anyLive();
        if (self._map && (live || self.hadLive)) self.markDirty();
        self.hadLive = live;
      }, 250);
    },
    anyLive: function () {
      for (var o of this.incidents.items.values()) if (o.live) return true;
      return false;
    },
    draw: function (ctx, v) {
      ctx.clearRect(0, 0, v.w, v.h);
      var live = this.anyLive();
      this._container.style.display = live ? "" : "none";  // as for the grid: no empty layer
      if (!live) return;
      var phase = Math.floor((Date.now() % 1500) / 250) / 6, levels = this.cfg.palette.levels;
      ctx.lineWidth = 3; ctx.globalAlpha = 0.9 * (1 - phase);
      var r = 13 + phase * 14;
      // an incident referred or 待研判 pulses in the neutral grey, as its marker is drawn
      var ungraded = this.cfg.palette.ungraded, colours = Object.assign({}, levels, { ungraded: ungraded });
      for (var level in colours) {
        ctx.beginPath(); var any = false;
        for (var o of this.incidents.items.values()) {
          var key = o.rec.ungraded && ungraded ? "ungraded" : o.rec.level;
          if (!o.live || key !== level) continue;
          var x = mercX(o.rec.lon) * v.k - v.ox, y = mercY(o.rec.lat) * v.k - v.oy;
          if (x < -40 || y < -40 || x > v.w + 40 || y > v.h + 40) continue;
          ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); any = true;
        }
        if (any) { ctx.strokeStyle = colours[level]; ctx.stroke(); }
      }
      ctx.globalAlpha = 1;
    }
  });

  /* AVL trails: the recent positions of the units Qt asks for (a selected unit, or those on
   * the selected incident), as lines in the unit's status colour that fade with age and are
   * gone after the window (10 minutes). A few units with hundreds of points: vector-drawn. */
  ECC.TrailLayer = ECC.CanvasLayer.extend({
    initialize: function (cfg, options) {
      ECC.CanvasLayer.prototype.initialize.call(this, "trails", options);
      this.cfg = cfg; this.trails = []; this.windowMs = 600000;
      var self = this;
      setInterval(function () { if (self._map && self.trails.length) self.markDirty(); }, 5000);  // fading
    },
    /* {windowMs, trails: [{id, s (status index), pts: [lon, lat, t_ms, ...]}]} */
    set: function (m) {
      this.windowMs = m.windowMs || this.windowMs;
      this.trails = m.trails.map(function (tr) {
        var n = tr.pts.length / 3, mx = new Float64Array(n), my = new Float64Array(n), t = new Float64Array(n);
        for (var i = 0; i < n; i++) {
          mx[i] = mercX(tr.pts[3 * i]); my[i] = mercY(tr.pts[3 * i + 1]); t[i] = tr.pts[3 * i + 2];
        }
        return { id: tr.id, s: tr.s, n: n, mx: mx, my: my, t: t, pts: tr.pts };
      });
      this.markDirty();
    },
    /* the points of a unit's trail still inside the window, as [lon, lat] (tests, popups) */
    pointsOf: function (id) {
      var now = Date.now();
      for (var tr of this.trails) {
        if (tr.id !== id) continue;
        var out = [];
        for (var i = 0; i < tr.n; i++) {
          if (now - tr.t[i] <= this.windowMs) out.push([tr.pts[3 * i], tr.pts[3 * i + 1]]);
        }
        return out;
      }
      return [];
    },
    draw: function (ctx, v) {
      ctx.clearRect(0, 0, v.w, v.h);
      var now = Date.now(), pal = this.cfg.palette.units, steps = 5;
      ctx.lineWidth = 4; ctx.lineCap = "round"; ctx.lineJoin = "round";
      this.drawnSegments = 0;
      for (var tr of this.trails) {
        ctx.strokeStyle = pal[tr.s] || this.cfg.palette.unknown;
        /* segments grouped into a few age bands: one stroke per band, alpha by its age */
        for (var b = 0; b < steps; b++) {
          var lo = b / steps * this.windowMs, hi = (b + 1) / steps * this.windowMs, any = false;
          ctx.beginPath();
          for (var i = 1; i < tr.n; i++) {
            var age = now - tr.t[i];
            if (age < lo || age >= hi) continue;
            ctx.moveTo(tr.mx[i - 1] * v.k - v.ox, tr.my[i - 1] * v.k - v.oy);
            ctx.lineTo(tr.mx[i] * v.k - v.ox, tr.my[i] * v.k - v.oy);
            any = true; this.drawnSegments++;
          }
          if (any) { ctx.globalAlpha = 0.85 * (1 - b / steps) + 0.1; ctx.stroke(); }
        }
      }
      ctx.globalAlpha = 1;
    }
  });

  /* Grid cells (网格): the lattice of each district clipped to its boundary, from zoom 14;
   * cell ids from zoom 17. */
  ECC.GridLayer = ECC.CanvasLayer.extend({
    initialize: function (cfg, options) {
      ECC.CanvasLayer.prototype.initialize.call(this, "grid", options);
      this.cfg = cfg;
    },
    draw: function (ctx, v) {
      ctx.clearRect(0, 0, v.w, v.h);
      // an empty full-window canvas still costs the compositor a blend every frame: hide it
      this._container.style.display = v.z < 14 ? "none" : "";
      if (v.z < 14) return;
      var m = this._map, b = this._bounds, po = m.getPixelOrigin();
      var nw = m.unproject(L.point(b.min.x + po.x, b.min.y + po.y)), se = m.unproject(L.point(b.max.x + po.x, b.max.y + po.y));
      ctx.strokeStyle = this.cfg.palette.grid; ctx.lineWidth = 1;
      ctx.font = "10px 'WenQuanYi Micro Hei', sans-serif"; ctx.fillStyle = this.cfg.palette.grid;
      ctx.textAlign = "center"; ctx.textBaseline = "middle";
      function px(lon) { return mercX(lon) * v.k - v.ox; }
      function py(lat) { return mercY(lat) * v.k - v.oy; }
      this.cfg.grid.forEach(function (g) {
        ctx.save(); ctx.beginPath();
        g.rings.forEach(function (ring) {
          ring.forEach(function (p, j) { if (j) ctx.lineTo(px(p[0]), py(p[1])); else ctx.moveTo(px(p[0]), py(p[1])); });
          ctx.closePath();
        });
        ctx.clip();
        var c0 = Math.floor((nw.lng - g.origin[0]) / g.cell[0]), c1 = Math.ceil((se.lng - g.origin[0]) / g.cell[0]);
        var r0 = Math.floor((se.lat - g.origin[1]) / g.cell[1]), r1 = Math.ceil((nw.lat - g.origin[1]) / g.cell[1]);
        ctx.beginPath();
        for (var c = c0; c <= c1; c++) { var x = px(g.origin[0] + c * g.cell[0]); ctx.moveTo(x, 0); ctx.lineTo(x, v.h); }
        for (var r = r0; r <= r1; r++) { var y = py(g.origin[1] + r * g.cell[1]); ctx.moveTo(0, y); ctx.lineTo(v.w, y); }
        ctx.stroke();
        if (v.z >= 17) {
          for (r = r0; r < r1; r++) for (c = c0; c < c1; c++) {
            if (r < 0 || c < 0) continue;
            var lx = px(g.origin[0] + (c + 0.5) * g.cell[0]), ly = py(g.origin[1] + (r + 0.5) * g.cell[1]);
            ctx.fillText(g.adcode + "-" + ("00" + r).slice(-3) + "-" + ("00" + c).slice(-3), lx, ly);
          }
        }
        ctx.restore();
      });
    }
  });
})();
