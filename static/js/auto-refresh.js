// Reloads the page every data-seconds seconds while the #auto-refresh box is ticked; a person
// who unticks it (to read, or because movement distracts) keeps it off for the tab's session.
(function () {
  "use strict";
  var box = document.getElementById("auto-refresh");
  if (!box) return;
  var KEY = "auto-refresh:" + location.pathname;
  var seconds = Number(box.dataset.seconds) || 5;
  var timer = null;
  if (sessionStorage.getItem(KEY) === "off") box.checked = false;
  function schedule() {
    clearTimeout(timer);
    if (box.checked) timer = setTimeout(function () { location.reload(); }, seconds * 1000);
  }
  box.addEventListener("change", function () {
    sessionStorage.setItem(KEY, box.checked ? "on" : "off");
    schedule();
  });
  schedule();
})();
