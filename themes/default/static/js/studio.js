// The procedure studio's enhancements. Every page works without them (forms post and reload).
// - Fields of a page are reordered by drag and drop (SortableJS) or with the keyboard
//   (focus a field, Alt+Arrow up/down), then saved with "Save the order".
// - The preview and the fee calculator refresh in place (htmx) as answers change.
// - In the result document's editor, "Insert" puts the chosen field, formatted, at the cursor of
//   the chosen text (without JavaScript the server adds it at the end of that text).
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

  function enableInsert(box) {
    var form = box.closest("form");
    var field = box.querySelector("[data-insert-field]");
    var format = box.querySelector("[data-insert-format]");
    var into = box.querySelector("[data-insert-into]");
    function suit() {
      var chosen = field.options[field.selectedIndex];
      var allowed = (chosen && chosen.getAttribute("data-formats") || "as-printed").split(" ");
      Array.prototype.forEach.call(format.options, function (option) {
        option.disabled = allowed.indexOf(option.value) < 0;
      });
      if (format.options[format.selectedIndex].disabled) { format.value = "as-printed"; }
    }
    form.querySelectorAll("[data-insert-target]").forEach(function (input) {
      ["click", "keyup", "select"].forEach(function (kind) {
        input.addEventListener(kind, function () { input.setAttribute("data-caret-set", ""); });
      });
    });
    field.addEventListener("change", suit);
    suit();
    box.querySelector("[data-insert-button]").addEventListener("click", function (event) {
      var target = form.querySelector('[name="' + into.value + '"]');
      if (!target) { return; }
      event.preventDefault();
      var name = field.value;
      var chosen = format.options[format.selectedIndex];
      var expression = name.indexOf(".") >= 0 || name.indexOf("|") >= 0 ? name
        : chosen.getAttribute("data-pattern").replace("{name}", name);
      var text = "{{ " + expression + " }}";
      var touched = target.hasAttribute("data-caret-set");
      var start = touched ? target.selectionStart : target.value.length;  // untouched: at the end, as the server does
      var end = touched ? target.selectionEnd : start;
      if (start > 0 && !/\s/.test(target.value.charAt(start - 1))) { text = " " + text; }
      target.value = target.value.slice(0, start) + text + target.value.slice(end);
      target.focus();
      target.setSelectionRange(start + text.length, start + text.length);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sortable-list]").forEach(enableSorting);
    document.querySelectorAll("[data-insert]").forEach(enableInsert);
  });
})();
