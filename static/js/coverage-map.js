// Draws the coverage map from vendored Natural Earth shapes (1:110m): no tiles unless
// configured. The view fits the scope (its countries and labs), not the whole world.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("map");
    if (!el || !window.L || !window.topojson) { return; }
    var map = L.map(el, { worldCopyJump: true, zoomSnap: 0.5 }).setView([5, 20], 2);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 12, attribution: "map tiles" }).addTo(map);
    }
    function shade(labs) {
      if (labs === undefined) { return { color: "#bbb", weight: 0.5, fillColor: "#eee", fillOpacity: 0.6 }; }
      var fill = labs === 0 ? "#f4a6a0" : (labs === 1 ? "#f7dc8a" : "#8fd19e");
      return { color: "#555", weight: 0.7, fillColor: fill, fillOpacity: 0.8 };
    }
    // A country across the 180th meridian (Fiji, Chukotka) is kept on one side of it, so it
    // is not drawn as a band around the world; Antarctica (no labs) is left out.
    function points(coords, visit) {
      if (typeof coords[0] === "number") { visit(coords); return; }
      coords.forEach(function (c) { points(c, visit); });
    }
    function unwrap(feature) {
      var east = 0, west = 0, farEast = false, farWest = false;
      points(feature.geometry.coordinates, function (p) {
        if (p[0] >= 0) { east += 1; } else { west += 1; }
        farEast = farEast || p[0] > 150;
        farWest = farWest || p[0] < -150;
      });
      if (farEast && farWest) {
        points(feature.geometry.coordinates, function (p) {
          if (east >= west && p[0] < 0) { p[0] += 360; }
          if (east < west && p[0] > 0) { p[0] -= 360; }
        });
      }
      return feature;
    }
    function text(value) { var span = document.createElement("span"); span.textContent = value; return span.innerHTML; }
    Promise.all([
      fetch(el.dataset.atlas, { credentials: "same-origin" }).then(function (r) { return r.json(); }),
      fetch(el.dataset.countries, { credentials: "same-origin" }).then(function (r) { return r.json(); }),
      fetch(el.dataset.labs, { credentials: "same-origin" }).then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      var atlas = loaded[0], counts = loaded[1], labs = loaded[2];
      var countries = topojson.feature(atlas, atlas.objects.countries);
      countries.features = countries.features.filter(function (f) { return f.id !== "010"; })
        .map(unwrap);
      var scope = L.latLngBounds([]);
      L.geoJSON(countries, {
        style: function (f) { var c = counts[f.id]; return shade(c ? c.labs : undefined); },
        onEachFeature: function (f, layer) {
          var c = counts[f.id];
          if (c) {
            layer.bindTooltip(text(c.name) + " · " + text(el.dataset.textLabs) + ": " + c.labs);
            scope.extend(layer.getBounds());
          }
        }
      }).addTo(map);
      var markers = L.geoJSON(labs, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#0b3d91", weight: 2,
            fillColor: f.properties.accredited ? "#1f6feb" : "#ffffff", fillOpacity: 1 });
        },
        onEachFeature: function (f, layer) {
          var url = el.dataset.labUrl.replace(/0$/, String(f.properties.id));
          layer.bindPopup('<a href="' + url + '">' + text(f.properties.name) + "</a><br>" +
            text((f.properties.city || "") + " " + f.properties.country) +
            (f.properties.accredited ? "<br>" + text(el.dataset.textAccredited) : ""));
        }
      }).addTo(map);
      if (labs.features.length) { scope.extend(markers.getBounds()); }
      if (scope.isValid()) { map.fitBounds(scope, { padding: [12, 12], maxZoom: 6 }); }
      el.dataset.ready = String(labs.features.length);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
