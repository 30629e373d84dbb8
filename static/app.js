// Kitbridge UI glue: ellipsis menus, self-opening dialogs. Bound once on the document so
// rows swapped in by htmx work without rebinding.
(function () {
  "use strict";

  function closeAllMenus(except) {
    document.querySelectorAll("[data-menu] .menu-button[aria-expanded='true']").forEach(function (b) {
      if (b === except) return;
      b.setAttribute("aria-expanded", "false");
      b.nextElementSibling.hidden = true;
    });
  }

  function toggleMenu(button) {
    var open = button.getAttribute("aria-expanded") === "true";
    closeAllMenus(button);
    button.setAttribute("aria-expanded", open ? "false" : "true");
    button.nextElementSibling.hidden = open;
    if (!open) {
      var first = button.nextElementSibling.querySelector("[role=menuitem]");
      if (first) first.focus();
    }
  }

  function moveFocus(menu, step) {
    var items = Array.prototype.slice.call(menu.querySelectorAll("[role=menuitem]"));
    var index = items.indexOf(document.activeElement);
    var next = items[(index + step + items.length) % items.length];
    if (next) next.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".menu-button");
    if (button) { toggleMenu(button); return; }
    if (event.target.closest("[role=menuitem]")) { closeAllMenus(null); return; }
    if (!event.target.closest("[data-menu]")) closeAllMenus(null);
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) { var d = closer.closest("dialog"); if (d) d.close(); }
  });

  document.addEventListener("keydown", function (event) {
    var menu = event.target.closest && event.target.closest("[data-menu]");
    if (!menu) return;
    if (event.key === "Escape") { closeAllMenus(null); menu.querySelector(".menu-button").focus(); }
    if (event.key === "ArrowDown") { event.preventDefault(); moveFocus(menu, 1); }
    if (event.key === "ArrowUp") { event.preventDefault(); moveFocus(menu, -1); }
  });

  // A <dialog> swapped into #modal opens itself; "close-modal" (HX-Trigger) closes it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var dialog = event.detail.target && event.detail.target.querySelector("dialog");
    if (dialog && !dialog.open) dialog.showModal();
  });
  document.body && document.body.addEventListener("close-modal", closeModal);
  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("close-modal", closeModal);
  });
  function closeModal() {
    document.querySelectorAll("#modal dialog[open]").forEach(function (d) { d.close(); d.remove(); });
  }
})();
