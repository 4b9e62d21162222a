// Renders every Vega-Lite spec embedded as <script type="application/json" data-chart="ID">
// into the element with that id, on load and after each htmx swap. The specs are built in
// Python (kamp.core.charts) so documents can render the very same charts. Numbers follow the
// page's language (<html lang>): 1.234,5 in Spanish, 1 234,5 in French.
(function () {
  var NUMBER_LOCALES = {
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["", ""] },
    es: { decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"] },
    fr: { decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", "\u00a0€"] }
  };
  function options() {
    var lang = (document.documentElement.lang || "en").slice(0, 2);
    return { actions: false, renderer: "svg", formatLocale: NUMBER_LOCALES[lang] || NUMBER_LOCALES.en };
  }
  function render(root) {
    if (typeof vegaEmbed === "undefined") return;
    root.querySelectorAll("script[data-chart]").forEach(function (script) {
      var target = document.getElementById(script.dataset.chart);
      if (!target || target.dataset.rendered) return;
      target.dataset.rendered = "1";
      vegaEmbed(target, JSON.parse(script.textContent), options())
        .catch(function (err) { target.textContent = err.message; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function (e) { render(e.target); });
})();
