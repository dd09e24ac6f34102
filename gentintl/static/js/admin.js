/*
 * The admin's accessibility fixes:
 * - Django's autocomplete widget (select2) names neither its combobox nor its search
 *   box, and puts a mouse-only "clear all" span inside its list of chosen values;
 * - a row added to an inline keeps "__prefix__" in its fields' aria-describedby.
 */
(function () {
  "use strict";

  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      if (!label.id) {
        label.id = select.id + "-label";
      }
      return { labelledby: label.id, text: label.textContent.replace(/:\s*$/, "").trim() };
    }
    // A tabular inline has no label per field: the field carries an aria-label.
    return { labelledby: null, text: select.getAttribute("aria-label") || "" };
  }

  function fix(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) {
      return;
    }
    var name = nameOf(select);
    var combobox = container.querySelector(".select2-selection");
    var rendered = container.querySelector(".select2-selection__rendered");
    if (combobox && rendered && rendered.id && !select.multiple) {
      if (name.labelledby) {
        combobox.setAttribute("aria-labelledby", name.labelledby + " " + rendered.id);
        rendered.setAttribute("aria-labelledby", name.labelledby);
      } else if (name.text) {
        combobox.setAttribute("aria-label", name.text);
        combobox.removeAttribute("aria-labelledby");
        rendered.setAttribute("aria-label", name.text);
      }
    }
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      if (name.text) {
        field.setAttribute("aria-label", name.text);
      }
    });
    // "Clear all" duplicates Backspace and is mouse-only; screen readers skip it.
    container.querySelectorAll(".select2-selection__clear").forEach(function (clear) {
      clear.setAttribute("aria-hidden", "true");
    });
  }

  function fixAll(scope) {
    (scope || document).querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      if (select.name.indexOf("__prefix__") < 0) {
        fix(select);
      }
    });
  }

  // Django's inlines.js renames the ids of a row it adds ("__prefix__" becomes its
  // number) but not the references to them: the help texts its fields are described by.
  function renumberReferences(row) {
    var match = /-(\d+)$/.exec(row.id || "");
    if (!match) {
      return;
    }
    row.querySelectorAll("[aria-describedby]").forEach(function (field) {
      var ids = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", ids.replace(/-__prefix__-/g, "-" + match[1] + "-"));
    });
  }

  document.addEventListener("formset:added", function (event) {
    renumberReferences(event.target);
  });

  if (!window.django || !window.django.jQuery) {
    return;
  }
  var $ = window.django.jQuery;
  // Queued after autocomplete.js's own ready handler, so the widgets exist by now.
  $(function () {
    fixAll();
    // select2 redraws the chosen values on every change.
    $(document).on("change", "select.admin-autocomplete", function () {
      fix(this);
    });
  });
  document.addEventListener("formset:added", function (event) {
    fixAll(event.target);
  });
})();
