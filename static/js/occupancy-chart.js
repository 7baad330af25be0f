// Draws the leader dashboard's occupancy per unit from the json_script data (no inline scripts: CSP).
(function () {
  "use strict";
  var canvas = document.getElementById("occupancy-chart");
  var source = document.getElementById("occupancy-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.activeLabel || "Active", data: data.active, backgroundColor: "#0b3d91" },
        { label: canvas.dataset.capacityLabel || "Capacity", data: data.capacity, backgroundColor: "#adb5bd" }
      ]
    },
    options: { indexAxis: "y", responsive: true, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
