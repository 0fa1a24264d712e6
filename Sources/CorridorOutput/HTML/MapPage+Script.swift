extension MapPage {
    /// The page's own style.
    static let pageStyle = """
        html, body { margin: 0; font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; }
        header { padding: 8px 12px; border-bottom: 1px solid #ccc; }
        header h1 { font-size: 18px; margin: 0 0 6px 0; }
        #corridor-description { font-size: 13px; color: #444; }
        #corridor-map { height: 72vh; min-height: 420px; background: #DCE9F2; }
        #corridor-table, #corridor-notes, footer { padding: 6px 12px; font-size: 12px; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
        th.num, td.num { text-align: right; }
        .corridor-legend { background: rgba(255,255,255,0.92); padding: 6px 8px; border: 1px solid #999; border-radius: 3px;
          font-size: 12px; line-height: 17px; max-width: 360px; }
        .corridor-legend i { display: inline-block; width: 26px; height: 0; margin-right: 6px; vertical-align: middle; }
        .corridor-popup table { font-size: 11px; }
        .corridor-site-label { background: rgba(255,255,255,0.85); border: 0; box-shadow: none; font-weight: bold; }
        """

    /// The page script: draws the background, the network and the chosen view from `#corridor-data`.
    static let pageScript = #"""
        (function () {
          "use strict";
          var data = JSON.parse(document.getElementById("corridor-data").textContent);
          var P = data.palette;
          var map = L.map("corridor-map", { zoomSnap: 0.25, preferCanvas: false });
          function escapeHTML(s) {
            return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
          }
          function popup(props) {
            var rows = Object.keys(props).map(function (k) {
              var v = props[k];
              return "<tr><th>" + escapeHTML(k) + "</th><td>" + escapeHTML(v === null ? "–" : v) + "</td></tr>";
            });
            return "<div class=\"corridor-popup\"><table>" + rows.join("") + "</table></div>";
          }
          function bindPopups(feature, layer) { layer.bindPopup(popup(feature.properties)); }
          var background = L.geoJSON(data.background, {
            style: function () { return { color: P.border, weight: 0.8, fillColor: P.land, fillOpacity: 1, className: "corridor-background" }; },
            interactive: false
          }).addTo(map);
          function networkStyle(f) {
            var p = f.properties;
            if (p.mode === "road") return { color: P.road, weight: 1.6, opacity: 1, className: "corridor-network" };
            return { color: p.gauge_mm === 1435 && !p.dual_gauge ? P.gauge1435 : P.gauge1520, weight: p.dual_gauge ? 2.6 : 1.8,
                     dashArray: p.dual_gauge ? "6 6" : null, opacity: 1, className: "corridor-network" };
          }
          var network = L.geoJSON(data.network, { style: networkStyle, onEachFeature: bindPopups }).addTo(map);
          function utilizationColor(u) {
            var c = 0;
            for (var i = 0; i < P.utilizationBreaks.length; i++) if (u >= P.utilizationBreaks[i]) c = i;
            return P.utilization[c];
          }
          function resultStyle(maxFlow) {
            return function (f) {
              var p = f.properties, k = p.feature;
              if (k === "route") {
                var rank = Math.max(1, p.rank || 1);
                return { color: P.routes[(rank - 1) % P.routes.length], weight: rank === 1 ? 6 : 4, opacity: 0.95, className: "corridor-result" };
              }
              if (k === "flow") {
                var w = maxFlow > 0 ? Math.max(2, 12 * (p.flow_tpd || 0) / maxFlow) : 2;
                return { color: utilizationColor(p.utilization || 0), weight: w, opacity: 0.95, className: "corridor-result" };
              }
              if (k === "cut") return { color: P.ink, weight: 3, dashArray: "4 3", className: "corridor-result" };
              if (k === "chokepoint") return { color: P.chokepoint, weight: 8, opacity: 0.6, className: "corridor-result" };
              if (k === "reach") return { color: P.reach, weight: 4, opacity: 0.8, className: "corridor-result" };
              return { color: P.ink, weight: 2, className: "corridor-result" };
            };
          }
          function resultPoint(f, latlng) {
            var p = f.properties;
            if (p.feature === "chokepoint") {
              return L.circleMarker(latlng, { radius: 9, color: P.ink, weight: 1, fillColor: P.chokepoint, fillOpacity: 1, className: "corridor-result" })
                .bindTooltip(String(p.rank), { permanent: true, direction: "center", className: "corridor-rank" });
            }
            if (p.feature === "cut") return L.circleMarker(latlng, { radius: 8, color: P.ink, weight: 2, fill: false, className: "corridor-result" });
            return L.circleMarker(latlng, { radius: 5, color: P.ink, weight: 1, fillColor: "#ffffff", fillOpacity: 1, className: "corridor-result" });
          }
          function changeStyle(f) {
            var c = f.properties.change;
            if (c === "unusable") return { color: P.unusable, weight: 3, opacity: 1, className: "corridor-change" };
            if (c === "added") return { color: "#ffffff", weight: 3.5, opacity: 1, className: "corridor-change" };
            return { color: P.ink, weight: 2, className: "corridor-change" };
          }
          function changePoint(f, latlng) {
            var c = f.properties.change;
            if (c === "closed") {
              return L.marker(latlng, { icon: L.divIcon({ className: "corridor-closed",
                html: "<svg width=\"18\" height=\"18\" viewBox=\"-9 -9 18 18\"><path class=\"corridor-change\" d=\"M-6 -6L6 6M6 -6L-6 6\" stroke=\"" + P.ink +
                      "\" stroke-width=\"3\" stroke-linecap=\"round\"/></svg>", iconSize: [18, 18] }) });
            }
            return L.circleMarker(latlng, { radius: 7, color: P.ink, weight: 1, fillColor: "#ffffff", fillOpacity: 1, className: "corridor-change" })
              .bindTooltip(String(f.properties.factor || f.properties.change), { permanent: true, direction: "right" });
          }
          var current = null;
          function showView(index) {
            if (current) { current.forEach(function (l) { map.removeLayer(l); }); }
            var view = data.views[index];
            current = [];
            var maxFlow = 0;
            view.results.forEach(function (f) { if (f.properties.feature === "flow") maxFlow = Math.max(maxFlow, f.properties.flow_tpd || 0); });
            var denied = L.geoJSON(data.background.filter(function (f) { return view.deniedCountries.indexOf(f.properties.country) >= 0; }), {
              style: function () { return { color: P.border, weight: 0.8, fillColor: P.deniedLand, fillOpacity: 1, className: "corridor-denied" }; },
              interactive: false
            });
            var casings = L.geoJSON(view.changes.filter(function (f) { return f.properties.change === "added"; }), {
              style: function () { return { color: P.ink, weight: 8, opacity: 1, className: "corridor-change-casing" }; }, interactive: false
            });
            var changes = L.geoJSON(view.changes, { style: changeStyle, pointToLayer: changePoint, onEachFeature: bindPopups });
            var ordered = view.results.slice().sort(function (a, b) {
              function order(f) { var k = f.properties.feature; return k === "flow" ? 0 : (k === "route" ? 1 + 10 - (f.properties.rank || 1) : 20); }
              return order(a) - order(b);
            });
            var results = L.geoJSON(ordered, { style: resultStyle(maxFlow), pointToLayer: resultPoint, onEachFeature: bindPopups });
            // Legs: invisible wide lines over the routes, so that a click on a route opens the popup of its leg
            // (mode, country, length, time, cost of that run).
            var legs = L.geoJSON(view.legs, { style: function () { return { color: P.ink, weight: 14, opacity: 0.01, className: "corridor-leg" }; },
              onEachFeature: bindPopups });
            var sites = L.layerGroup(view.sites.map(function (s) {
              return L.circleMarker([s.location[1], s.location[0]], { radius: 6, color: P.ink, weight: 2, fillColor: "#ffffff", fillOpacity: 1, className: "corridor-site" })
                .bindTooltip(escapeHTML(s.name), { permanent: true, direction: "right", className: "corridor-site-label" });
            }));
            [denied, casings, changes, results, legs, sites].forEach(function (l) { l.addTo(map); current.push(l); });
            network.bringToBack(); denied.bringToBack(); background.bringToBack();
            document.getElementById("corridor-description").textContent = view.description;
            document.getElementById("corridor-view").value = String(index);
            var status = document.getElementById("corridor-status");
            status.setAttribute("data-view", view.name);
            status.setAttribute("data-expected", String(view.expected));
            status.setAttribute("data-results", String(document.querySelectorAll("#corridor-map path.corridor-result").length));
            status.setAttribute("data-changes", String(document.querySelectorAll("#corridor-map path.corridor-change").length));
            status.setAttribute("data-legs", String(document.querySelectorAll("#corridor-map path.corridor-leg").length));
            var keys = showLegend(view, maxFlow);
            status.setAttribute("data-legend", keys.join(" "));
            status.textContent = view.name + ": " + status.getAttribute("data-results") + " result features drawn";
          }
          var select = document.getElementById("corridor-view");
          data.views.forEach(function (v, i) {
            var o = document.createElement("option"); o.value = String(i); o.textContent = v.name; select.appendChild(o);
          });
          select.addEventListener("change", function () { showView(Number(select.value)); });
          var bounds = network.getBounds();
          data.views.forEach(function (v) { if (v.results.length) bounds.extend(L.geoJSON(v.results).getBounds()); });
          if (!bounds.isValid()) bounds = background.getBounds();
          map.fitBounds(bounds, { padding: [10, 10] });
          // The legend of the view shown: only the symbols it draws, each with a key (written into the status, so
          // that a test can check the legend against the data).
          var legendDiv = null;
          var legend = L.control({ position: "bottomleft" });
          legend.onAdd = function () { legendDiv = L.DomUtil.create("div", "corridor-legend"); return legendDiv; };
          legend.addTo(map);
          var networkKinds = {};
          data.network.forEach(function (f) {
            var p = f.properties;
            if (p.mode === "road") networkKinds.road = true;
            else if (p.dual_gauge) networkKinds["rail-dual"] = true;
            else if (p.gauge_mm === 1435) networkKinds["rail-1435"] = true;
            else networkKinds["rail-1520"] = true;
          });
          function showLegend(view, maxFlow) {
            var items = [];
            function line(key, color, width, text, dash) {
              items.push([key, "<div data-key=\"" + key + "\"><i style=\"border-top:" + width + "px " + (dash ? "dashed" : "solid") + " " + color + "\"></i>" + escapeHTML(text) + "</div>"]);
            }
            function symbol(key, glyph, text) {
              items.push([key, "<div data-key=\"" + key + "\"><i style=\"border:0;height:auto;text-align:center\">" + glyph + "</i>" + escapeHTML(text) + "</div>"]);
            }
            if (networkKinds["rail-1520"]) line("rail-1520", P.gauge1520, 2, "rail, 1520 mm");
            if (networkKinds["rail-1435"]) line("rail-1435", P.gauge1435, 2, "rail, 1435 mm");
            if (networkKinds["rail-dual"]) line("rail-dual", P.gauge1520, 2, "rail, dual gauge", true);
            if (networkKinds.road) line("road", P.road, 2, "road");
            var ranks = {}, classes = {}, kinds = {};
            view.results.forEach(function (f) {
              var p = f.properties;
              kinds[p.feature] = true;
              if (p.feature === "route") ranks[Math.max(1, p.rank || 1)] = true;
              if (p.feature === "flow") {
                var c = 0;
                for (var i = 0; i < P.utilizationBreaks.length; i++) if ((p.utilization || 0) >= P.utilizationBreaks[i]) c = i;
                classes[c] = true;
              }
            });
            Object.keys(ranks).map(Number).sort(function (a, b) { return a - b; }).forEach(function (r) {
              line("route-" + r, P.routes[(r - 1) % P.routes.length], r === 1 ? 5 : 4, r === 1 ? "best route" : "route " + r);
            });
            var classText = ["flow, utilization < 50 %", "flow, utilization 50–90 %", "flow, utilization ≥ 90 %"];
            [0, 1, 2].forEach(function (c) { if (classes[c]) line("flow-" + c, P.utilization[c], 5, classText[c] + " (width ∝ t/day, widest " + Math.round(maxFlow) + ")"); });
            if (kinds.chokepoint) symbol("chokepoint", "<span style=\"display:inline-block;width:14px;height:14px;border-radius:7px;background:" + P.chokepoint + ";border:1px solid " + P.ink + "\"></span>", "chokepoint (numbered by rank)");
            if (kinds.cut) line("cut", P.ink, 3, "minimum cut", true);
            if (kinds.reach) line("reach", P.reach, 4, "reached");
            var changeKinds = {};
            view.changes.forEach(function (f) { changeKinds[f.properties.change] = true; });
            if (changeKinds.unusable) line("unusable", P.unusable, 4, "unusable in the scenario");
            if (changeKinds.added) line("added", P.ink, 6, "added link (white core)");
            if (changeKinds.closed) symbol("closed", "✕", "closed");
            if (changeKinds.scaled) symbol("scaled", "◯", "capacity or cost scaled (factor shown)");
            if (view.deniedCountries.length) symbol("denied-country", "▨", "denied country: " + view.deniedCountries.join(", "));
            if (view.sites.length) symbol("site", "○", "origin / destination");
            if (view.legs.length) symbol("legs", "☝", "click a route for its leg, any feature for its properties");
            legendDiv.innerHTML = items.map(function (x) { return x[1]; }).join("");
            return items.map(function (x) { return x[0]; });
          }
          var start = 0;
          var wanted = decodeURIComponent((window.location.hash || "").replace(/^#/, ""));
          data.views.forEach(function (v, i) { if (v.name === wanted) start = i; });
          showView(start);
        })();
        """#
}
