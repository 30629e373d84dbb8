// Copy buttons: [data-copy-target=ID] copies the value of #ID and says so in [data-copied-status].
// The Clipboard API needs a secure context; elsewhere the text is selected and copied the old way.
(function () {
  "use strict";
  if (window.kitbridgeCopyBound) return;  // the card may be rendered again by htmx; bind once
  window.kitbridgeCopyBound = true;

  function say(button, message) {
    var status = document.getElementById(button.getAttribute("data-copied-status"));
    if (status) status.textContent = message;
  }

  function copyBySelecting(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) return;
    var done = function () { say(button, "Copied the address."); };
    var manual = function () {
      if (copyBySelecting(field)) { done(); } else { say(button, "Selected: press Ctrl+C (⌘C) to copy."); }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, manual);
    } else {
      manual();
    }
  });
})();
