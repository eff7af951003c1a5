// Small charts of the coverage snapshots (uPlot, vendored). The data are read from the
// snapshot table on the page, which stays the text alternative for screen readers.
(function () {
  "use strict";
  var table = document.getElementById("trend-table");
  if (!table || typeof uPlot === "undefined") { return; }
  var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-series]"));
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var months = rows.map(function (row) {
    return Date.parse(row.getAttribute("data-month") + "T00:00:00Z") / 1000;
  });
  var columns = {};
  headers.forEach(function (th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    columns[th.getAttribute("data-series")] = {
      label: th.textContent.trim(),
      colour: th.getAttribute("data-colour"),
      values: rows.map(function (row) {
        var value = parseFloat(row.children[index].textContent);
        return isNaN(value) ? null : value;  // "unknown" stays a gap, never a zero
      })
    };
  });

  // ticks at the snapshots' months only, named as the page's language names months
  var language = document.documentElement.lang || undefined;
  function monthName(seconds) {
    return new Date(seconds * 1000).toLocaleDateString(language,
      { month: "short", year: "numeric", timeZone: "UTC" });
  }

  function draw(box) {
    var names = box.getAttribute("data-series").split(",");
    var width = Math.max(box.clientWidth, 200);
    var options = {
      width: width, height: 160,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: function (u, min, max) {
          var pad = Math.max((max - min) * 0.05, 86400);
          return [min - pad, max + pad];
        } },
        y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } }
      },
      axes: [
        { space: 50, splits: function () { return months; },
          values: function (u, splits) { return splits.map(monthName); } },
        { size: 40 }
      ],
      series: [{}].concat(names.map(function (name) {
        return { label: columns[name].label, stroke: columns[name].colour, width: 2,
                 points: { size: 5 }, spanGaps: false };
      }))
    };
    var data = [months].concat(names.map(function (name) { return columns[name].values; }));
    return new uPlot(options, data, box);
  }

  var charts = Array.prototype.map.call(document.querySelectorAll(".trend-chart"), function (box) {
    return { box: box, plot: draw(box) };
  });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (chart) {
        chart.plot.setSize({ width: Math.max(chart.box.clientWidth, 200), height: 160 });
      });
    }, 150);
  });
}());
