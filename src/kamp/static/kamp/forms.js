// Behaviour the templates ask for with data attributes, so that no inline handler is needed
// (the Content-Security-Policy allows only kamp's own script files):
//   <form data-confirm="Close the survey?">   asks before submitting;
//   <select data-autosubmit>                  submits its form when the choice changes.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
