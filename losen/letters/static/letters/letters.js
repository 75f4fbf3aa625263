// Progressive help only: every page works without this script.
(function () {
  "use strict";
  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, k) { return values[k]; });
  }
  // copy the pickup code
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied");
      });
    });
  });
  // characters left
  document.querySelectorAll("[data-counter-for]").forEach(function (out) {
    var field = document.getElementById(out.getAttribute("data-counter-for"));
    if (!field) return;
    var update = function () { out.textContent = fmt(out.getAttribute("data-counter-text"), { n: field.value.length }); };
    field.addEventListener("input", update);
    update();
  });
  // support phrases into the reply
  document.querySelectorAll("button.phrase").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-target"));
      if (!field) return;
      field.value = (field.value ? field.value.replace(/\s*$/, " ") : "") + button.textContent.trim();
      field.focus();
    });
  });
  // live countdowns
  var holder = document.querySelector("[data-texts-left]");
  if (!holder) return;
  var texts = { left: holder.getAttribute("data-texts-left"), over: holder.getAttribute("data-texts-over"), span: holder.getAttribute("data-texts-span") };
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var seconds = Math.round((Date.parse(el.getAttribute("data-deadline")) - now) / 1000);
      var s = Math.abs(seconds);
      var span = fmt(texts.span, { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
      el.textContent = fmt(seconds < 0 ? texts.over : texts.left, { span: span });
      el.classList.toggle("overdue", seconds < 0);
    });
  }
  setInterval(tick, 30000);
})();
