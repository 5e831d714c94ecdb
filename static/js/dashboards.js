// #MyWe public pages: the "Copy link" button. Without JavaScript the link stays in a read-only
// field to copy by hand, so the button shows only where it can work.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll(".copy-link").forEach(function (button) {
    var status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.link).then(
        function () { status.textContent = "Link copied."; },
        function () { status.textContent = "Could not copy: select the link below and copy it."; }
      );
    });
  });
})();
