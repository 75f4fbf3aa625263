// Quick exit: replace this page with a neutral site so that Back does not return here.
// Also fired by pressing Shift three times within a second and a half. Leaves no cookie.
(function () {
  "use strict";
  function leave(event) {
    var url = document.body.getAttribute("data-quick-exit-url") || "https://www.yr.no/";
    if (event) { event.preventDefault(); }
    try { document.body.innerHTML = ""; document.title = ""; } catch (e) { /* ignore */ }
    window.location.replace(url);
  }
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) { presses = []; leave(); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-quick-exit]") : null;
    if (target) { leave(event); }
  });
})();
