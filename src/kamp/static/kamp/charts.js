// Renders every Vega-Lite spec embedded as <script type="application/json" data-chart="ID">
// into the element with that id, on load and after each htmx swap. The specs are built in
// Python (kamp.core.charts) so documents can render the very same charts.
(function () {
  function render(root) {
    if (typeof vegaEmbed === "undefined") return;
    root.querySelectorAll("script[data-chart]").forEach(function (script) {
      var target = document.getElementById(script.dataset.chart);
      if (!target || target.dataset.rendered) return;
      target.dataset.rendered = "1";
      vegaEmbed(target, JSON.parse(script.textContent), { actions: false, renderer: "svg" })
        .catch(function (err) { target.textContent = err.message; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function (e) { render(e.target); });
})();
