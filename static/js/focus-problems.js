// A form sent back with errors: move focus to its list of problems, so that screen readers read
// it first. Included only on such pages (a file: the Content-Security-Policy allows no inline script).
(function () {
  "use strict";
  var problems = document.getElementById("problems");
  if (problems) problems.focus();
})();
