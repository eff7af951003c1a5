// Form helpers started from data attributes (no inline script: the CSP forbids it).
//  select[data-searchable]     a multiple select becomes a searchable list (Tom Select)
//  input[data-event-search]    events typed by UID or name, suggested from /api/v1/events?q=
//  [data-print]                prints the page
(function () {
  "use strict";

  // Tom Select moves the label to its own combobox and keeps the original field, visually
  // hidden, to be sent with the form: screen readers read the combobox, not a nameless twin.
  function replaced(field) {
    field.setAttribute("aria-hidden", "true");
  }

  function searchable(select) {
    new TomSelect(select, { plugins: ["remove_button"], maxOptions: null, closeAfterSelect: true });
    replaced(select);
  }

  function eventSearch(input) {
    var url = input.getAttribute("data-event-search");
    var many = input.hasAttribute("data-multiple");
    new TomSelect(input, {
      valueField: "unique_identifier",
      labelField: "unique_identifier",
      searchField: ["unique_identifier", "name"],
      maxItems: many ? null : 1,
      delimiter: ",",
      create: true, // a UID, name or alias the catalogue reads even when not suggested
      persist: false,
      hidePlaceholder: true,
      createOnBlur: true, // text typed and left is kept, never silently dropped
      onItemAdd: function () { this.setTextboxValue(""); }, // the search text became the item
      shouldLoad: function (query) { return query.length >= 2; },
      // the catalogue already matched the text as it reads UIDs (0 for Ø, any case, aliases):
      // keep every suggestion it sent instead of filtering them again letter by letter
      score: function () { return function () { return 1; }; },
      load: function (query, callback) {
        fetch(url + "?per_page=20&q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (page) { callback(page.items || []); })
          .catch(function () { callback(); });
      },
      render: {
        option: function (event, escape) {
          return "<div><strong>" + escape(event.unique_identifier) + "</strong> " +
            (event.name ? "<small>" + escape(event.name) + "</small>" : "") + "</div>";
        },
        option_create: function (data, escape) {
          return "<div class=\"create\">Use <strong>" + escape(data.input) + "</strong> as typed</div>";
        }
      }
    });
    replaced(input);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.TomSelect) {
      document.querySelectorAll("select[multiple][data-searchable]").forEach(searchable);
      document.querySelectorAll("input[data-event-search]").forEach(eventSearch);
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
