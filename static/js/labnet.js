// Small behaviours every page shares; loaded in <head>, so the work waits for the document.
// The navigation's menu button, an error summary on forms with errors, and confirmations
// before destructive actions. Without JavaScript the pages still work: the menu shows every
// link and forms submit without asking.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function menu() {
    var button = document.querySelector(".menu-toggle");
    var list = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!list) { return; }
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", String(open));
      list.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  // A list of the fields marked invalid at the top of their form, each linked to its field;
  // focus moves there so a screen reader reads what to correct first.
  function errorSummary() {
    var invalid = document.querySelectorAll("main form [aria-invalid='true']");
    if (!invalid.length) { return; }
    var form = invalid[0].form || invalid[0].closest("form");
    var box = document.createElement("div");
    box.className = "error-summary";
    box.tabIndex = -1;
    // the form's own alert (macros.html form_errors) heads the summary: one alert, not two
    var said = form.querySelector("p.error[role='alert']");
    if (said) {
      box.appendChild(said);
    } else {
      var title = document.createElement("p");
      title.textContent = document.body.dataset.errorSummary || "";
      box.setAttribute("role", "alert");
      box.appendChild(title);
    }
    var list = document.createElement("ul");
    Array.prototype.forEach.call(invalid, function (field) {
      if (field.form !== form) { return; }
      var label = document.querySelector("label[for='" + field.id + "']");
      // aria-describedby may name the field's hint too: the summary quotes only the message
      var message = null;
      (field.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
        if (/-error$/.test(id)) { message = document.getElementById(id); }
      });
      var link = document.createElement("a");
      link.href = "#" + field.id;
      link.textContent = (label ? label.textContent.replace("*", "").trim() + ": " : "") +
        (message ? message.textContent.trim() : "");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        field.focus();
      });
      var item = document.createElement("li");
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    form.insertBefore(box, form.firstChild);
    box.focus();
  }

  // <form data-confirm="Remove this lot?">: the browser asks before the form is sent.
  function confirmations() {
    document.addEventListener("submit", function (event) {
      var question = event.target.getAttribute("data-confirm");
      if (question && !window.confirm(question)) { event.preventDefault(); }
    });
  }

  // A table wider than the screen scrolls inside its own box, which the keyboard can reach
  // and a screen reader names (after the table's caption or the heading before it).
  function scrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
      var box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      var name = table.caption ? table.caption.textContent : "";
      for (var node = box.previousElementSibling; !name && node; node = node.previousElementSibling) {
        if (/^H[1-6]$/.test(node.tagName)) { name = node.textContent; }
      }
      box.setAttribute("role", "region");
      box.setAttribute("tabindex", "0");
      box.setAttribute("aria-label", (name || document.body.dataset.tableLabel || "").trim());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollingTables();
    menu();
    errorSummary();
    confirmations();
  });
}());
