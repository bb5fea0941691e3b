/* The report form's evidence files: the server's size and count limits, checked before sending.
 * Files over the limit would be refused (and past the body limit, not even read), so the form
 * is not sent: the reason shows next to the field, and everything typed stays where it is.
 * The messages come from the page (the catalogue), in the input's data attributes.
 */
"use strict";

(function () {
  const input = document.querySelector("input[type=file][data-max-bytes]");
  if (!input || !input.form) return;
  const hintId = "evidence-hint";
  const errorId = "evidence-error";

  const problem = function () {
    const files = Array.from(input.files || []);
    if (files.length > Number(input.dataset.maxFiles)) return input.dataset.tooMany;
    const total = files.reduce(function (sum, file) { return sum + file.size; }, 0);
    if (total > Number(input.dataset.maxBytes)) return input.dataset.tooLarge;
    return "";
  };

  const show = function (message) {
    let error = document.getElementById(errorId);
    if (!message) {
      if (error) error.remove();
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", hintId);
      return;
    }
    if (!error) {
      error = document.createElement("p");
      error.className = "field-error";
      error.id = errorId;
      error.setAttribute("role", "alert");
      input.after(error);
    }
    error.textContent = message;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", hintId + " " + errorId);
  };

  input.addEventListener("change", function () { show(problem()); });
  input.form.addEventListener("submit", function (event) {
    const message = problem();
    if (!message) return;
    event.preventDefault();
    show(message);
    input.focus();
  });
})();
