/* The console map page: layers, the Qt bridge, the frame loop and the page's own statistics.
 *
 * Qt -> page: one ordered stream of JSON messages on bridge.to_page: layer deltas
 * {layer, upsert, remove, t} (see maps/wire.py) and commands {cmd: ...}.
 * Page -> Qt: user intents only (select, contextMenu, mapClicked, areaDrawn) plus the
 * page's reports (pageLoaded, drawn, stats).
 */
(function () {
  "use strict";
  var ECC = (window.ECC = window.ECC || {});
  var bridge = null, queue = [], scheduled = false, pendingLag = [], syncToken = null;
  var frames = 0, lags = [], drawMs = 0, draws = 0, msgMs = 0, layerMs = {};
  var layers = {}, shapes = {}, cfg = null, map = null, tileLayer = null;
  var toggles = {}, applyingLayers = false;  // the layer list by key (see "layers")

  function send(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (bridge && bridge[method]) bridge[method].apply(bridge, args);
  }
  ECC.send = send;
  function label(key, fallback) { return (cfg.labels && cfg.labels[key]) || fallback || key; }
  ECC.label = label;

  ECC.schedule = function () {
    if (!scheduled) { scheduled = true; requestAnimationFrame(frame); }
  };

  /* The only place that draws: once per animation frame, each dirty layer once, and data
   * redraws at most every MIN_DRAW_MS. Each page frame also costs the Qt side a repaint of
   * the whole view (tens of ms without a GPU), so a frame per live delta would starve Qt. */
  var MIN_DRAW_MS = 40, lastDraw = 0, loading = true;
  function frame(now) {
    scheduled = false;
    if (loading) return;  // the snapshot is still arriving: draw once, at its sync marker
    if ((map && map._animatingZoom) || now - lastDraw < MIN_DRAW_MS) {
      ECC.schedule(); return;
    }
    lastDraw = now;
    var t0 = performance.now(), any = false;
    for (var name in layers) {
      var lay = layers[name];
      if (lay.dirty && lay._map) {
        var t1 = performance.now(), full = lay.full;
        lay.render(); any = true;
        var key = name + (full === false ? "~" : "");
        layerMs[key] = (layerMs[key] || 0) + performance.now() - t1;
      }
    }
    if (any) { drawMs += performance.now() - t0; draws++; }
    var now = Date.now();
    for (var i = 0; i < pendingLag.length; i++) lags.push(now - pendingLag[i]);
    pendingLag.length = 0;
    if (syncToken !== null) { var tok = syncToken; syncToken = null; send("drawn", tok); }
  }

  function countFrames() { frames++; requestAnimationFrame(countFrames); }

  function reportStats() {
    if (frames || lags.length) {
      send("stats", JSON.stringify({ frames: frames, lags: lags, drawMs: draws ? drawMs / draws : 0,
                                     draws: draws, msgMs: msgMs, layerMs: layerMs, at: Date.now() }));
    }
    frames = 0; lags = []; drawMs = 0; draws = 0; msgMs = 0; layerMs = {};
  }

  /* Messages are handled strictly in order; a binary block is fetched from app://local/data/
   * (no base64, no JSON) and the messages behind it wait until it is applied. */
  var inbox = [], fetching = false;
  function onMessage(text) {
    var t0 = performance.now();
    try { inbox.push(JSON.parse(text)); drain(); } finally { msgMs += performance.now() - t0; }
  }
  function drain() {
    while (inbox.length && !fetching) {
      var msg = inbox.shift();
      if (msg.blob) { fetchBlock(msg); return; }
      handle(msg);
    }
  }
  function fetchBlock(msg) {
    fetching = true;
    fetch(msg.blob).then(function (r) { return r.arrayBuffer(); }).then(function (buf) {
      var t0 = performance.now(), lay = layers[msg.layer];
      if (msg.remove && msg.remove.length) lay.remove(msg.remove);
      lay.upsertBinary(buf);
      if (msg.t) pendingLag.push(msg.t);
      msgMs += performance.now() - t0;
    }).catch(function (e) { console.error("map data block " + msg.blob + " failed: " + e); })
      .then(function () { fetching = false; ECC.schedule(); drain(); });
  }
  function handle(msg) {
    if (msg.cmd) { commands[msg.cmd](msg); return; }
    var lay = layers[msg.layer];
    if (lay) {
      if (msg.remove && msg.remove.length) lay.remove(msg.remove);
      lay.upsert(msg.upsert);
    } else if (shapes[msg.layer]) {
      shapes[msg.layer].apply(msg.upsert, msg.remove || []);
    }
    if (msg.t) pendingLag.push(msg.t);
    ECC.schedule();
  }
  ECC.receive = onMessage;  // also callable with runJavaScript, for tests and benchmarks

  var commands = {
    sync: function (m) { syncToken = m.token; loading = false; lastDraw = 0; ECC.schedule(); },
    focus: function (m) { ECC.focus(m.layer, m.id, m.html, m.pan); },
    clearSelection: function () { ECC.highlight(null, null); map.closePopup(); },
    tiles: function (m) {
      tileLayer.options.maxNativeZoom = m.maxNativeZoom || 19;
      tileLayer.setUrl(m.url);
    },
    view: function (m) { autoFrame = false; map.setView([m.lat, m.lon], m.zoom, { animate: false }); },
    frame: function () { ECC.frameDistrict(); },
    home: function (m) { ECC.setHome(m.district); },
    layers: function (m) {  // the layers this operator had switched off, restored
      applyingLayers = true;
      try {
        for (var k in toggles) {
          var off = m.hidden.indexOf(k) >= 0;
          if (off && map.hasLayer(toggles[k])) map.removeLayer(toggles[k]);
          if (!off && !map.hasLayer(toggles[k])) map.addLayer(toggles[k]);
        }
      } finally { applyingLayers = false; }
    },
    stale: function (m) {  // offline: the live layers greyed under "数据截至 HH:MM:SS"
      var box = document.getElementById("ecc-stale-note");
      if (!box) {
        box = document.createElement("div");
        box.id = "ecc-stale-note";
        map.getContainer().appendChild(box);
      }
      box.textContent = m.text || "";
      map.getContainer().classList.toggle("ecc-stale", !!m.text);
    },
    trails: function (m) { layers.trails.set(m); },
    kinds: function (m) {  // show only some sensor kinds (null: all)
      var lay = layers[m.layer], v = null;
      if (m.kinds) { v = new Uint8Array(256); m.kinds.forEach(function (k) { v[k] = 1; }); }
      lay.visibleKinds = v; lay.markDirty();
    }
  };

  ECC.latlngOf = function (layer, id) {
    if (layers[layer]) return layers[layer].latlngOf(id);
    if (shapes[layer]) return shapes[layer].latlngOf(id);
    return null;
  };

  ECC.highlight = function (layer, id) {
    for (var n in layers) { var l = layers[n], want = n === layer ? id : null;
      if (l.highlightId !== want) { l.highlightId = want; l.markDirty(true); } }
    for (var s in shapes) shapes[s].highlight(s === layer ? id : null);
  };

  /* Selection from Qt (whoever made it): highlight, pan if outside the middle of the view, popup. */
  ECC.focus = function (layer, id, html, pan) {
    ECC.highlight(layer, id);
    var ll = ECC.latlngOf(layer, id);
    if (!ll) { map.closePopup(); return; }
    if (pan) {
      var inner = map.getBounds().pad(-0.2);
      if (!inner.contains(ll)) { autoFrame = false; map.panTo(ll, { animate: false }); }
    }
    // the popup is moved into view clear of the controls (an incident at the map's edge)
    if (html) L.popup({ offset: [0, -6], autoPan: true, autoPanPaddingTopLeft: [edgeWidth("left"), 10],
                        autoPanPaddingBottomRight: [edgeWidth("right"), 30] })
      .setLatLng(ll).setContent(html).openOn(map);
  };

  /* the topmost item under a container point: incidents are DOM markers with their own events */
  function hitTest(cp) {
    var order = ["units", "cameras", "sensors"];
    for (var i = 0; i < order.length; i++) {
      var lay = layers[order[i]];
      if (!lay._map) continue;
      var id = lay.hit(cp, lay.radius(map.getZoom()) + 4);
      if (id !== null) return { layer: order[i], id: id };
    }
    return null;
  }
  ECC.hitTest = hitTest;

  /* The whole district in view, clear of the controls at the map's edges (zoom in quarter
   * steps so it fills the space). Until the operator moves the map it is framed again
   * whenever the map is resized (docks moved, window maximised). */
  var districtBounds = null, autoFrame = true, framing = false;
  function edgeWidth(side) {
    var w = 0;
    // the one-line attribution and the scale sit in the bottom 30 px, padded for below
    document.querySelectorAll(".leaflet-" + side + " .leaflet-control:not(.leaflet-control-attribution)"
        + ":not(.leaflet-control-scale)").forEach(function (el) {
      w = Math.max(w, el.offsetWidth);
    });
    return w + 10;
  }
  ECC.frameDistrict = function () {
    if (!districtBounds || !districtBounds.isValid()) return;
    map.invalidateSize({ pan: false });
    var size = map.getSize();
    if (size.x < 50 || size.y < 50) {  // not laid out yet: frame once it has a size
      autoFrame = true;
      requestAnimationFrame(ECC.frameDistrict);
      return;
    }
    var snap = map.options.zoomSnap;
    framing = true; autoFrame = true;
    map.options.zoomSnap = 0.25;
    try {
      map.fitBounds(districtBounds, { paddingTopLeft: [edgeWidth("left"), 10],
        paddingBottomRight: [edgeWidth("right"), 30], animate: false });
    } finally { map.options.zoomSnap = snap; framing = false; }
  };
  // The console's own district: what 全区 frames. Both districts stay drawn; an unknown code
  // (or none) frames them both.
  var boundaryLayer = null, homeCode = null;
  ECC.setHome = function (adcode) {
    homeCode = adcode;
    if (!boundaryLayer) return;   // applied by init
    var b = null;
    boundaryLayer.eachLayer(function (l) {
      var p = l.feature && l.feature.properties;
      if (p && p.kind === "district" && p.code === adcode) b = l.getBounds();
    });
    districtBounds = b || boundaryLayer.getBounds();
    if (autoFrame) ECC.frameDistrict();
  };
  ECC.framed = function () { return autoFrame; };
  ECC.districtBounds = function () { return districtBounds; };

  function legend() {
    var c = L.control({ position: "bottomright" });
    c.onAdd = function () {
      var div = L.DomUtil.create("div", "ecc-legend"), pal = cfg.palette, h = [];
      // a narrow or low map starts with the legend folded to its title; a click toggles it
      var size = map.getSize();
      if (size.x < 900 || size.y < 640) L.DomUtil.addClass(div, "folded");
      h.push('<a href="#" class="ecc-legend-title">' + label("legend.title", "图例") + "</a>");
      function row(colour, text, shape) {
        h.push('<div><i class="' + (shape || "dot") + '" style="background:' + colour + '"></i>' + text + "</div>");
      }
      h.push("<b>" + label("legend.incidents", "事件等级") + "</b>");
      ["I", "II", "III", "IV"].forEach(function (l) { row(pal.levels[l], label("level." + l, l), "sq"); });
      h.push("<b>" + label("legend.sensors", "传感器状态") + "</b>");
      cfg.enums.sensors.s.forEach(function (s, i) { row(pal.sensors[i], label("sensor.state." + s, s)); });
      h.push("<b>" + label("legend.units", "救援力量状态") + "</b>");
      cfg.enums.units.s.forEach(function (s, i) { row(pal.units[i], label("unit.status." + s, s)); });
      h.push("<b>" + label("legend.other", "其他") + "</b>");
      row(pal.cameras[0], label("layer.cameras", "摄像头"));
      row(pal.plan_sites, label("layer.plan_sites", "预案单位"), "sq");
      row(pal.boundary, label("layer.boundaries", "区界与街乡"), "line");
      div.innerHTML = h.join("");
      L.DomEvent.on(div.firstChild, "click", function (ev) {
        L.DomEvent.stop(ev);
        if (L.DomUtil.hasClass(div, "folded")) L.DomUtil.removeClass(div, "folded");
        else L.DomUtil.addClass(div, "folded");
      });
      L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return c;
  }

  ECC.init = function (theMap, boundaries, config) {
    map = theMap; cfg = config;
    ECC.map = map; ECC.cfg = cfg; ECC.layers = layers; ECC.shapes = shapes;
    map.doubleClickZoom.disable();  // double-click finishes a drawn polygon instead
    var panes = { grid: 405, sensors: 420, cameras: 430, trails: 435, units: 440, pulse: 590 };
    for (var p in panes) { map.createPane("ecc-" + p).style.zIndex = panes[p]; }
    tileLayer = L.tileLayer(cfg.tiles.url, { minZoom: cfg.tiles.minZoom, maxZoom: cfg.tiles.maxZoom,
      maxNativeZoom: cfg.tiles.maxNativeZoom, attribution: label("attribution", "") }).addTo(map);
    layers.grid = new ECC.GridLayer(cfg, { pane: "ecc-grid" });
    layers.sensors = new ECC.PointLayer("sensors", cfg, { pane: "ecc-sensors" });
    layers.cameras = new ECC.CameraLayer("cameras", cfg, { pane: "ecc-cameras" });
    layers.units = new ECC.UnitLayer("units", cfg, { pane: "ecc-units" });
    layers.trails = new ECC.TrailLayer(cfg, { pane: "ecc-trails" });
    shapes.incidents = ECC.incidentLayer(cfg);
    shapes.plan_sites = ECC.siteLayer(cfg);
    shapes.warning_areas = ECC.areaLayer(cfg);
    layers.pulse = new ECC.PulseLayer(cfg, shapes.incidents, { pane: "ecc-pulse" });
    for (var n in layers) layers[n].addTo(map);
    for (var s in shapes) shapes[s].group.addTo(map);
    var overlays = {};
    // the layer list by a stable key: the operator's choices are kept (Qt stores them per user)
    toggles = {
      boundaries: boundaries, grid: layers.grid,
      incidents: L.layerGroup([shapes.incidents.group, layers.pulse]).addTo(map),
      sensors: layers.sensors, cameras: layers.cameras, units: layers.units,
      plan_sites: shapes.plan_sites.group, warning_areas: shapes.warning_areas.group, trails: layers.trails
    };
    var names = { boundaries: "区界与街乡", grid: "网格", incidents: "事件", sensors: "传感器",
                  cameras: "摄像头", units: "救援力量", plan_sites: "预案单位", warning_areas: "预警区域",
                  trails: "轨迹" };
    for (var key in toggles) overlays[label("layer." + key, names[key])] = toggles[key];
    function hiddenLayers() {
      var out = [];
      for (var k in toggles) if (!map.hasLayer(toggles[k])) out.push(k);
      return out;
    }
    map.on("overlayadd overlayremove", function () {
      if (!applyingLayers) send("layers", JSON.stringify(hiddenLayers()));
    });
    // on a small map the layer list folds into its button (it opens on hover or a click)
    var room = map.getSize();
    L.control.layers(null, overlays, { collapsed: room.x < 900 || room.y < 640, position: "topright" }).addTo(map);
    legend().addTo(map);
    ECC.tools.install(map, cfg);
    boundaryLayer = boundaries;
    districtBounds = boundaries.getBounds();
    if (homeCode) ECC.setHome(homeCode);
    ECC.frameDistrict();
    map.on("resize", function () { if (autoFrame) ECC.frameDistrict(); });
    map.on("dragstart", function () { autoFrame = false; });
    map.on("zoomstart", function () { if (!framing) autoFrame = false; });

    map.on("click", function (e) {
      if (ECC.tools.active()) return;
      var hit = hitTest(e.containerPoint);
      if (hit) send("select", hit.layer, hit.id);
      else send("map_clicked_at", e.latlng.lng, e.latlng.lat);
    });
    map.on("contextmenu", function (e) {
      if (ECC.tools.active()) return;
      var hit = hitTest(e.containerPoint), oe = e.originalEvent;
      send("context_menu", hit ? hit.layer : "", hit ? hit.id : "", e.latlng.lng, e.latlng.lat,
           Math.round(oe.clientX), Math.round(oe.clientY));
    });

    requestAnimationFrame(countFrames);
    setInterval(reportStats, 1000);
    function connect() {
      new QWebChannel(qt.webChannelTransport, function (ch) {
        bridge = ch.objects.bridge;
        bridge.to_page.connect(onMessage);
        send("loaded");
      });
    }
    if (window.qt && window.QWebChannel) connect();
  };
})();
