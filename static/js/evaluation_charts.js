// Draws one bar chart per question from the JSON the results page renders with json_script.
(function () {
  "use strict";
  const data = document.getElementById("evaluation-charts");
  if (data && window.Chart) {
    JSON.parse(data.textContent).forEach(function (chart) {
      const canvas = document.getElementById(chart.id);
      if (!canvas) return;
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: chart.labels, datasets: [{ data: chart.values, backgroundColor: "#154273" }] },
        options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
    });
  }
  document.querySelectorAll(".js-print").forEach(function (link) {
    link.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  });
})();
