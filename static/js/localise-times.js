// Chat times in the visitor's own time zone, keeping the UK time beside them. A file rather
// than an inline script: the Content-Security-Policy allows scripts from our own origin only.
(function () {
  var zone = (window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone) || "";
  if (!zone || zone === "Europe/London") return;
  var day = {weekday: "short", day: "numeric", month: "short", year: "numeric"};
  var localDate = new Intl.DateTimeFormat(undefined, day);
  var localClock = new Intl.DateTimeFormat(undefined, {hour: "2-digit", minute: "2-digit"});
  var localClockZone = new Intl.DateTimeFormat(undefined, {hour: "2-digit", minute: "2-digit", timeZoneName: "short"});
  var sameDayCheck = new Intl.DateTimeFormat("en-GB", day);
  var ukDay = new Intl.DateTimeFormat("en-GB", Object.assign({timeZone: "Europe/London"}, day));
  document.querySelectorAll("time[data-localise]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    if (isNaN(start.getTime())) return;
    var end = el.dataset.end ? new Date(el.dataset.end) : null;
    var uk = el.textContent;
    el.textContent = localDate.format(start) + ", " +
      (end ? localClock.format(start) + "–" + localClockZone.format(end) : localClockZone.format(start));
    el.setAttribute("title", "In your time zone (" + zone + ")");
    var note = el.nextElementSibling;
    if (note && note.classList.contains("uk-time")) {
      var sameDay = sameDayCheck.format(start) === ukDay.format(start);
      note.textContent = "(" + (sameDay && note.dataset.uk ? note.dataset.uk : uk) + " UK time)";
    }
  });
})();
