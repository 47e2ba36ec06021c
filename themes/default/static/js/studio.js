// The procedure studio's enhancements. Every page works without them (forms post and reload).
// - Fields of a page are reordered by drag and drop (SortableJS) or with the keyboard
//   (focus a field, Alt+Arrow up/down), then saved with "Save the order".
// - The preview and the fee calculator refresh in place (htmx) as answers change.
(function () {
  "use strict";

  function announce(list, text) {
    var live = list.parentNode.querySelector("[data-sortable-live]");
    if (!live) {
      live = document.createElement("p");
      live.className = "govuk-visually-hidden";
      live.setAttribute("aria-live", "polite");
      live.setAttribute("data-sortable-live", "");
      list.parentNode.insertBefore(live, list.nextSibling);
    }
    live.textContent = text;
  }

  function enableSorting(list) {
    var items = list.querySelectorAll("[data-sortable-item]");
    items.forEach(function (item) {
      item.tabIndex = 0;
      item.setAttribute("aria-roledescription", "sortable");
      item.addEventListener("keydown", function (event) {
        if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) { return; }
        event.preventDefault();
        var sibling = event.key === "ArrowUp" ? item.previousElementSibling : item.nextElementSibling;
        while (sibling && !sibling.hasAttribute("data-sortable-item")) {
          sibling = event.key === "ArrowUp" ? sibling.previousElementSibling : sibling.nextElementSibling;
        }
        if (!sibling) { return; }
        list.insertBefore(item, event.key === "ArrowUp" ? sibling : sibling.nextElementSibling);
        item.focus();
        announce(list, item.querySelector("strong").textContent + ": " +
          (Array.prototype.indexOf.call(list.querySelectorAll("[data-sortable-item]"), item) + 1));
      });
    });
    if (window.Sortable) {
      window.Sortable.create(list, { draggable: "[data-sortable-item]", handle: ".motcua-studio-handle",
        animation: 150 });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sortable-list]").forEach(enableSorting);
  });
})();
