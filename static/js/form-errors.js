// A form sent back with errors: move the focus to its error summary, so a screen reader reads it first and
// a keyboard user can follow its links to the fields (templates/bootstrap5/errors.html).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".form-error-summary");
  if (summary) {
    summary.focus();
  }
});
