// Draws the coverage map from vendored Natural Earth shapes: no tiles unless configured.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L || !window.topojson) { return; }
  var map = L.map(el, { worldCopyJump: true }).setView([5, 20], 2);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 12, attribution: "map tiles" }).addTo(map);
  }
  function shade(labs) {
    if (labs === undefined) { return { color: "#bbb", weight: 0.5, fillColor: "#eee", fillOpacity: 0.6 }; }
    var fill = labs === 0 ? "#f4a6a0" : (labs === 1 ? "#f7dc8a" : "#8fd19e");
    return { color: "#555", weight: 0.7, fillColor: fill, fillOpacity: 0.8 };
  }
  function text(value) { var span = document.createElement("span"); span.textContent = value; return span.innerHTML; }
  Promise.all([
    fetch(el.dataset.atlas).then(function (r) { return r.json(); }),
    fetch(el.dataset.countries, { credentials: "same-origin" }).then(function (r) { return r.json(); }),
    fetch(el.dataset.labs, { credentials: "same-origin" }).then(function (r) { return r.json(); })
  ]).then(function (loaded) {
    var atlas = loaded[0], counts = loaded[1], labs = loaded[2];
    var countries = topojson.feature(atlas, atlas.objects.countries);
    L.geoJSON(countries, {
      style: function (f) { var c = counts[f.id]; return shade(c ? c.labs : undefined); },
      onEachFeature: function (f, layer) {
        var c = counts[f.id];
        if (c) { layer.bindTooltip(text(c.name) + " · " + text(el.dataset.textLabs) + ": " + c.labs); }
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
    if (labs.features.length) { map.fitBounds(markers.getBounds().pad(0.3)); }
    el.dataset.ready = String(labs.features.length);
  });
}());
