/* Shape layers (incidents, plan sites, warning areas) and the drawing tools (measure a
 * distance, draw a circle or a polygon). These layers hold hundreds of items, so plain
 * Leaflet markers and paths are right for them. */
(function () {
  "use strict";
  var ECC = (window.ECC = window.ECC || {});

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* a layer group of Leaflet objects by id; make(rec) builds one, the group replaces on upsert */
  function shapeLayer(make, latlngOf, highlight) {
    var group = L.layerGroup(), items = new Map(), hl = null;
    return {
      group: group, items: items,
      apply: function (upserts, removed) {
        removed.forEach(function (id) { var o = items.get(id); if (o) { group.removeLayer(o.layer); items.delete(id); } });
        (upserts || []).forEach(function (r) {
          var o = items.get(r.id);
          if (o) group.removeLayer(o.layer);
          var lay = make(r);
          lay.on("click", function (e) { L.DomEvent.stop(e); if (!ECC.tools.active()) ECC.send("select", r.layerName, r.id); });
          lay.on("contextmenu", function (e) {
            L.DomEvent.stop(e);
            var oe = e.originalEvent;
            ECC.send("context_menu", r.layerName, r.id, r.lon || e.latlng.lng, r.lat || e.latlng.lat,
                     Math.round(oe.clientX), Math.round(oe.clientY));
          });
          items.set(r.id, { rec: r, layer: lay, live: r.layerName === "incidents" && r.status !== "closed" && !r.acknowledged });
          group.addLayer(lay);
          if (hl === r.id) highlight(lay, true);
        });
      },
      latlngOf: function (id) { var o = items.get(id); return o ? latlngOf(o) : null; },
      highlight: function (id) {
        if (hl !== null && items.get(hl)) highlight(items.get(hl).layer, false);
        hl = id;
        if (id !== null && items.get(id)) highlight(items.get(id).layer, true);
      }
    };
  }

  function markerHighlight(lay, on) {
    var el = lay.getElement && lay.getElement();
    if (el) L.DomUtil[on ? "addClass" : "removeClass"](el, "ecc-selected");
    lay.setZIndexOffset(on ? 1000 : 0);
  }

  ECC.incidentLayer = function (cfg) {
    return shapeLayer(function (r) {
      r.layerName = "incidents";
      var level = { I: 1, II: 2, III: 3, IV: 4 }[r.level] || 4;
      var live = r.status !== "closed" && !r.acknowledged;
      var icon = L.divIcon({ className: "ecc-inc lvl-" + (r.ungraded ? 0 : level) + (live ? " ecc-live" : "") + (r.status === "closed" ? " ecc-closed" : ""),
        html: "<span>" + esc(cfg.incidentGlyphs[r.type] || "事") + "</span>", iconSize: [26, 26], iconAnchor: [13, 13] });
      var m = L.marker([r.lat, r.lon], { icon: icon, keyboard: false, riseOnHover: true });
      m.bindTooltip(esc(r.title || r.id), { direction: "top", offset: [0, -12] });
      return m;
    }, function (o) { return o.layer.getLatLng(); }, markerHighlight);
  };

  ECC.siteLayer = function (cfg) {
    return shapeLayer(function (r) {
      r.layerName = "plan_sites";
      var icon = L.divIcon({ className: "ecc-site", html: "<span>" + esc(ECC.label("glyph.plan_site", "预")) + "</span>",
                             iconSize: [18, 18], iconAnchor: [9, 9] });
      return L.marker([r.lat, r.lon], { icon: icon, keyboard: false })
        .bindTooltip(esc(r.title) + (r.street ? "<br>" + esc(r.street) : ""), { direction: "top", offset: [0, -8] });
    }, function (o) { return o.layer.getLatLng(); }, markerHighlight);
  };

  ECC.areaLayer = function (cfg) {
    return shapeLayer(function (r) {
      r.layerName = "warning_areas";
      var colour = cfg.palette.levels[r.level] || cfg.palette.levels.IV;
      var style = { color: colour, weight: 2, dashArray: "6 4", fillColor: colour, fillOpacity: 0.15 };
      var g = r.geometry || {}, lay;
      if (g.type === "Polygon") lay = L.polygon(g.coordinates.map(function (ring) {
        return ring.map(function (p) { return [p[1], p[0]]; }); }), style);
      else {
        var c = g.type === "Point" ? g.coordinates : [r.lon, r.lat];
        lay = L.circle([c[1], c[0]], L.extend({ radius: r.radius_m || 500 }, style));
      }
      return lay.bindTooltip(esc(r.title || r.id), { sticky: true });
    }, function (o) { return o.layer.getBounds().getCenter(); }, function (lay, on) {
      lay.setStyle({ weight: on ? 4 : 2 });
    });
  };

  /* ---- drawing tools ---- */
  var mode = null, pts = [], temp = null, circle = null, tip = null, map = null, buttons = {};

  function fmt(m) { return m >= 1000 ? (m / 1000).toFixed(2) + " km" : Math.round(m) + " m"; }
  function length(list) { var d = 0; for (var i = 1; i < list.length; i++) d += list[i - 1].distanceTo(list[i]); return d; }

  function reset() {
    if (temp) map.removeLayer(temp);
    if (circle && mode !== "done") map.removeLayer(circle);
    temp = null; circle = null; pts = [];
  }
  function setMode(m) {
    reset();
    mode = m;
    for (var k in buttons) L.DomUtil[k === m ? "addClass" : "removeClass"](buttons[k], "active");
    map.getContainer().style.cursor = m ? "crosshair" : "";
  }
  function finishArea(feature) {
    ECC.send("area", JSON.stringify(feature));
    var keep = temp || circle; temp = null; circle = null;
    if (keep) { ECC.tools.drawn.addLayer(keep); }
    setMode(null);
  }

  function onClick(e) {
    if (!mode) return;
    if (mode === "measure" || mode === "polygon") {
      pts.push(e.latlng);
      if (!temp) temp = (mode === "measure" ? L.polyline(pts, { color: "#0050b3", weight: 3 })
                                            : L.polygon(pts, { color: "#c2185b", weight: 2, fillOpacity: 0.12 })).addTo(map);
      temp.setLatLngs(pts);
      if (mode === "measure") {
        if (tip) map.removeLayer(tip);
        tip = L.tooltip({ permanent: true, direction: "right", className: "ecc-measure" })
          .setLatLng(e.latlng).setContent(ECC.label("tool.distance", "距离") + " " + fmt(length(pts))).addTo(map);
      }
    } else if (mode === "circle") {
      if (!circle) circle = L.circle(e.latlng, { radius: 1, color: "#c2185b", weight: 2, fillOpacity: 0.12 }).addTo(map);
      else {
        var c = circle.getLatLng();
        finishArea({ type: "Feature", geometry: { type: "Point", coordinates: [c.lng, c.lat] },
                     properties: { shape: "circle", radius_m: Math.round(circle.getRadius()) } });
      }
    }
  }
  function onMove(e) {
    if (mode === "circle" && circle) circle.setRadius(circle.getLatLng().distanceTo(e.latlng));
  }
  function onDblClick(e) {
    if (mode === "polygon" && pts.length >= 3) {
      var ring = pts.map(function (p) { return [p.lng, p.lat]; });
      ring.push(ring[0]);
      finishArea({ type: "Feature", geometry: { type: "Polygon", coordinates: [ring] }, properties: { shape: "polygon" } });
    } else if (mode === "measure") {
      var line = temp; temp = null; if (line) ECC.tools.drawn.addLayer(line);
      if (tip) { ECC.tools.drawn.addLayer(tip); tip = null; }
      setMode(null);
    }
  }

  ECC.tools = {
    drawn: L.layerGroup(),
    active: function () { return mode !== null; },
    start: function (m) { setMode(m); },
    install: function (theMap) {
      map = theMap;
      ECC.tools.drawn.addTo(map);
      var c = L.control({ position: "topleft" });
      c.onAdd = function () {
        var div = L.DomUtil.create("div", "leaflet-bar ecc-tools");
        [["measure", "tool.measure", "测距"], ["circle", "tool.circle", "画圆"],
         ["polygon", "tool.polygon", "画多边形"], ["clear", "tool.clear", "清除"],
         ["district", "tool.district", "全区"]].forEach(function (b) {
          var a = L.DomUtil.create("a", "ecc-tool-" + b[0], div);
          a.href = "#"; a.textContent = ECC.label(b[1], b[2]); a.title = a.textContent;
          L.DomEvent.on(a, "click", function (ev) {
            L.DomEvent.stop(ev);
            if (b[0] === "district") ECC.frameDistrict();  // back to the whole district
            else if (b[0] === "clear") { setMode(null); ECC.tools.drawn.clearLayers(); if (tip) { map.removeLayer(tip); tip = null; } }
            else setMode(mode === b[0] ? null : b[0]);
          });
          if (b[0] !== "clear" && b[0] !== "district") buttons[b[0]] = a;
        });
        L.DomEvent.disableClickPropagation(div);
        return div;
      };
      c.addTo(map);
      map.on("click", onClick);
      map.on("mousemove", onMove);
      map.on("dblclick", onDblClick);
      L.DomEvent.on(document, "keydown", function (ev) { if (ev.key === "Escape") setMode(null); });
    }
  };
})();
