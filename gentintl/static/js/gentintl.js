/*
 * gentintl: progressive enhancement only. Every page works without this file.
 *
 * No inline scripts anywhere (the Content-Security-Policy forbids them): data
 * comes from data-* attributes or from <script type="application/json"> blocks
 * written with Django's json_script filter.
 *
 * Hooks (all optional):
 *   html.js                               set here; use .js-hide / .no-js-hide in CSS
 *   select[data-tom-select]               Tom Select widget (needs vendor/tom-select);
 *                                         data-tom-select="create" also lets users add values;
 *                                         data-autocomplete-url="/x/autocomplete/" loads the
 *                                         options from that JSON endpoint as the user types
 *   form[data-auto-submit]                submits when a control inside it changes
 *                                         (text inputs: after typing stops)
 *   [data-confirm="question"]             on a form or a submit button: asks before submitting
 *   details[data-collapse-below="60em"]   closed on load when the viewport is narrower
 *   canvas[data-chart="json-script-id"]   Chart.js chart (needs vendor/chart.js); the JSON
 *                                         is {type, labels, datasets:[{label, data}], options?,
 *                                         horizontal?, stacked?}
 *   [data-partner-map="json-script-id"]   Leaflet map without tiles (needs vendor/leaflet);
 *                                         attribute data-geojson-url points at the countries
 *                                         GeoJSON; the JSON is {points: [{name, lat, lng, url?,
 *                                         detail?, category?}], highlight: ["056", ...],
 *                                         categories?: {key: label}}
 *   [data-print]                          button that opens the print dialog
 *   table.table outside .table-wrap       wrapped in a scrollable .table-wrap so that a
 *                                         wide table does not widen the page on phones
 */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  root.classList.add("js");

  // Categorical palette from the City of Ghent styleguide, darkest first so
  // that a single series is cyan-wcag (4.6:1 on white).
  var PALETTE = [
    "#007db3", // cyan-wcag
    "#f95706", // orange
    "#38ab30", // green
    "#5a0ec4", // purple
    "#fab600", // yellow
    "#0340c7", // blue
    "#f09",    // pink
    "#29cfc9", // teal
    "#23333a", // dark-gray
    "#f20f36"  // red
  ];

  var isDutch = (root.lang || "nl").toLowerCase().indexOf("nl") === 0;
  var TEXT = isDutch
    ? {
        noResults: "Geen resultaten",
        add: "Toevoegen:",
        remove: "Verwijderen",
        confirm: "Weet u het zeker?",
        mapError: "De kaart kon niet geladen worden.",
        zoomIn: "Inzoomen",
        zoomOut: "Uitzoomen",
        closePopup: "Sluiten",
        table: "Tabel"
      }
    : {
        noResults: "No results",
        add: "Add:",
        remove: "Remove",
        confirm: "Are you sure?",
        mapError: "The map could not be loaded.",
        zoomIn: "Zoom in",
        zoomOut: "Zoom out",
        closePopup: "Close",
        table: "Table"
      };

  function onReady(fn) {
    if (doc.readyState === "loading") {
      doc.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function each(selector, fn, scope) {
    Array.prototype.forEach.call((scope || doc).querySelectorAll(selector), fn);
  }

  // Reads a <script type="application/json" id="..."> written by json_script.
  function readJson(id) {
    var node = id && doc.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (err) {
      if (window.console) {
        console.error("gentintl: invalid JSON in #" + id, err);
      }
      return null;
    }
  }

  function escapeHtml(value) {
    return String(value == null ? "" : value)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  /* ------------------------------------ scroll container for bare tables */
  var wrapCounter = 0;
  function initTableWraps() {
    each("table.table", function (table) {
      if (table.closest(".table-wrap")) {
        return;
      }
      var wrap = doc.createElement("div");
      wrap.className = "table-wrap table-wrap--full";
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      var caption = table.querySelector("caption");
      var section = table.closest("[aria-labelledby]");
      if (caption) {
        if (!caption.id) {
          wrapCounter += 1;
          caption.id = "table-caption-" + wrapCounter;
        }
        wrap.setAttribute("aria-labelledby", caption.id);
      } else if (section) {
        wrap.setAttribute("aria-labelledby", section.getAttribute("aria-labelledby"));
      } else {
        wrap.setAttribute("aria-label", TEXT.table);
      }
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }

  /* ------------------------------------------------ Tom Select widgets */
  function initTomSelect(scope) {
    if (typeof window.TomSelect !== "function") {
      return;
    }
    each("select[data-tom-select]", function (select) {
      if (select.tomselect) {
        return;
      }
      var settings = {
        // A keyboard user tabbing through the filters should not have a list pop open
        // on every field: the list opens on typing, a click or the arrow keys.
        openOnFocus: false,
        maxOptions: null,
        hidePlaceholder: true,
        allowEmptyOption: !select.multiple,
        create: select.getAttribute("data-tom-select") === "create",
        plugins: select.multiple ? { remove_button: { title: TEXT.remove } } : [],
        render: {
          no_results: function () {
            return '<div class="no-results">' + escapeHtml(TEXT.noResults) + "</div>";
          },
          option_create: function (data, escape) {
            return '<div class="create">' + escapeHtml(TEXT.add) + " <strong>" + escape(data.input) + "</strong></div>";
          }
        }
      };
      var url = select.getAttribute("data-autocomplete-url");
      if (url) {
        // Options come from a small JSON endpoint as the user types:
        // {"results": [{"value": 1, "text": "Luik (Liège)"}]}
        settings.valueField = "value";
        settings.labelField = "text";
        settings.searchField = ["text"];
        settings.preload = "focus";
        settings.maxOptions = 50;
        settings.load = function (query, callback) {
          var separator = url.indexOf("?") < 0 ? "?" : "&";
          window.fetch(url + separator + "q=" + encodeURIComponent(query), {
            credentials: "same-origin",
            headers: { Accept: "application/json" }
          })
            .then(function (response) { return response.json(); })
            .then(function (json) { callback(json.results || []); })
            .catch(function () { callback(); });
        };
      }
      if (!select.multiple) {
        settings.controlInput = null;
        if (select.options.length > 8) {
          settings.plugins = ["dropdown_input"];
        }
      }
      var widget = new window.TomSelect(select, settings);
      // Tom Select moves the label's "for" to its own control, which leaves the original
      // select (still in the accessibility tree) without a name: point it at the label.
      var labelId = widget.focus_node && widget.focus_node.getAttribute("aria-labelledby");
      if (labelId) {
        select.setAttribute("aria-labelledby", labelId);
      }
    }, scope);
  }

  /* ------------------------------------------- auto-submitting forms */
  function initAutoSubmit() {
    each("form[data-auto-submit]", function (form) {
      var timer = null;
      function submit() {
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.submit();
        }
      }
      form.addEventListener("change", function (event) {
        var target = event.target;
        if (target && target.matches && target.matches("input[type=text], input[type=search]")) {
          return; // handled by the input listener below
        }
        submit();
      });
      form.addEventListener("input", function (event) {
        var target = event.target;
        if (!target || !target.matches || !target.matches("input[type=text], input[type=search]")) {
          return;
        }
        if (target.closest(".ts-wrapper")) {
          return; // a select widget's search box: its select changes once an option is chosen
        }
        window.clearTimeout(timer);
        timer = window.setTimeout(submit, 600);
      });
      // Submitted by other means (Enter, the button, a checkbox): the pending submit of
      // the typed text must not follow, or it would abort the page on its way.
      form.addEventListener("submit", function () {
        window.clearTimeout(timer);
        timer = null;
      });
    });
  }

  /* ------------------------------------------------ confirmation step */
  function initConfirm() {
    doc.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
      if (!source.hasAttribute || !source.hasAttribute("data-confirm")) {
        return;
      }
      var question = source.getAttribute("data-confirm") || TEXT.confirm;
      if (!window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  /* ------------------------------------- collapsible filter panels */
  function initCollapsible() {
    each("details[data-collapse-below]", function (details) {
      var width = details.getAttribute("data-collapse-below") || "60em";
      if (window.matchMedia && window.matchMedia("(max-width: " + width + ")").matches) {
        details.open = false;
      }
    });
  }

  function initPrint() {
    each("[data-print]", function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  /* ----------------------------------------------------------- charts */
  function initCharts() {
    if (typeof window.Chart !== "function") {
      return;
    }
    var Chart = window.Chart;
    Chart.defaults.font.family = '"Fira Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
    Chart.defaults.font.size = 13;
    Chart.defaults.color = "#23333a";
    Chart.defaults.borderColor = "#e9ebeb";
    Chart.defaults.maintainAspectRatio = false;
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
      Chart.defaults.animation = false;
    }

    each("canvas[data-chart]", function (canvas) {
      var spec = readJson(canvas.getAttribute("data-chart"));
      if (!spec || !spec.datasets) {
        return;
      }
      var type = spec.type || "bar";
      var circular = type === "pie" || type === "doughnut";
      var datasets = spec.datasets.map(function (dataset, index) {
        var copy = {};
        Object.keys(dataset).forEach(function (key) {
          copy[key] = dataset[key];
        });
        if (!copy.backgroundColor) {
          copy.backgroundColor = circular
            ? copy.data.map(function (_, i) { return PALETTE[i % PALETTE.length]; })
            : PALETTE[index % PALETTE.length];
        }
        if (!copy.borderColor) {
          copy.borderColor = circular ? "#fff" : copy.backgroundColor;
        }
        if (type === "line" && copy.tension === undefined) {
          copy.tension = 0.2;
        }
        return copy;
      });
      var options = {
        responsive: true,
        plugins: {
          legend: {
            display: circular || datasets.length > 1,
            position: circular ? "right" : "top",
            labels: { boxWidth: 14 }
          }
        }
      };
      if (!circular) {
        options.scales = {
          x: { stacked: !!spec.stacked, grid: { display: !!spec.horizontal } },
          y: { stacked: !!spec.stacked, beginAtZero: true, grid: { display: !spec.horizontal } }
        };
        if (spec.horizontal) {
          options.indexAxis = "y";
        }
        var integerAxis = spec.horizontal ? options.scales.x : options.scales.y;
        integerAxis.ticks = { precision: 0 };
      }
      if (spec.options) {
        Object.keys(spec.options).forEach(function (key) {
          options[key] = spec.options[key];
        });
      }
      // eslint-disable-next-line no-new
      new Chart(canvas, {
        type: type,
        data: { labels: spec.labels || [], datasets: datasets },
        options: options
      });
    });
  }

  /* ----------------------------------------- partner map (no tiles) */
  function textNode(value) {
    var span = doc.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }

  var popupCount = 0;

  function buildPopup(point) {
    var box = doc.createElement("div");
    var title = doc.createElement("strong");
    var link = null;
    if (point.url) {
      link = doc.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      title.appendChild(link);
    } else {
      title.textContent = point.name;
    }
    box.appendChild(title);
    if (point.detail) {
      var detail = doc.createElement("div");
      detail.textContent = point.detail;
      box.appendChild(detail);
      if (link) {
        // The link takes the focus when the popup opens: it also reads the kind and status.
        popupCount += 1;
        detail.id = "map-popup-detail-" + popupCount;
        link.setAttribute("aria-describedby", detail.id);
      }
    }
    return box;
  }

  // A marker is a Tab stop with the city's name that opens its popup on Enter or Space.
  // Opened from the keyboard, the popup takes the focus (its link): Leaflet writes the
  // popup after all markers, so Tab would first visit every other marker. From the popup,
  // Tab goes on to the next marker, Shift+Tab and Escape go back to this one (Escape
  // also closes the popup).
  function nameMarker(marker, name) {
    var path = marker.getElement && marker.getElement();
    if (!path || !MARKERS) {
      return;
    }
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", name);
    path.setAttribute("aria-expanded", "false");
    var fromKeyboard = false;
    MARKERS.set(path, marker);
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        if (marker.isPopupOpen()) {
          focusFirst(marker.getPopup().getElement());
          return;
        }
        fromKeyboard = true;
        marker.openPopup();
        fromKeyboard = false;
      } else if (event.key === "Tab") {
        // The open popup sits between its marker and the next one in the Tab order.
        var neighbour = event.shiftKey ? markerBefore(path) : marker;
        var popup = neighbour && neighbour.isPopupOpen() && neighbour.getPopup().getElement();
        var stops = popup ? focusables(popup) : [];
        if (stops.length) {
          event.preventDefault();
          stops[event.shiftKey ? stops.length - 1 : 0].focus();
        }
      }
    });
    marker.on("popupopen", function (event) {
      path.setAttribute("aria-expanded", "true");
      var container = event.popup.getElement();
      var close = container.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", TEXT.closePopup);
        close.setAttribute("title", TEXT.closePopup);
      }
      if (!container.hasAttribute("data-keyboard")) {
        container.setAttribute("data-keyboard", "");
        container.addEventListener("keydown", function (key) {
          onPopupKey(key, marker, path, container);
        });
      }
      if (fromKeyboard) {
        focusFirst(container);
      }
    });
    marker.on("popupclose", function () {
      path.setAttribute("aria-expanded", "false");
    });
  }

  var MARKERS = typeof WeakMap === "function" ? new WeakMap() : null;

  function markersBeside(path) {
    return Array.prototype.slice.call(path.ownerSVGElement.querySelectorAll("[tabindex='0']"));
  }

  function markerBefore(path) {
    var markers = markersBeside(path);
    var before = markers[markers.indexOf(path) - 1];
    return before && MARKERS.get(before);
  }

  function focusables(container) {
    return Array.prototype.slice.call(container.querySelectorAll("a[href], button"));
  }

  function focusFirst(container) {
    var first = focusables(container)[0];
    if (first) {
      first.focus();
    }
  }

  function onPopupKey(event, marker, path, container) {
    var stops = focusables(container);
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation(); // Leaflet's own Escape would close it and drop the focus
      marker.closePopup();
      path.focus();
    } else if (event.key === "Tab" && event.shiftKey && event.target === stops[0]) {
      event.preventDefault();
      path.focus();
    } else if (event.key === "Tab" && !event.shiftKey && event.target === stops[stops.length - 1]) {
      var markers = markersBeside(path);
      var next = markers[markers.indexOf(path) + 1];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    }
  }

  function initMaps() {
    if (typeof window.L !== "object" || !window.L.map) {
      return;
    }
    var L = window.L;
    each("[data-partner-map]", function (element) {
      var spec = readJson(element.getAttribute("data-partner-map")) || {};
      var points = spec.points || [];
      var highlight = {};
      (spec.highlight || []).forEach(function (code) {
        highlight[String(code)] = true;
      });
      var categories = Object.keys(spec.categories || {});

      var map = L.map(element, {
        attributionControl: true,
        zoomSnap: 0.25,
        minZoom: 1,
        maxZoom: 8,
        worldCopyJump: false,
        maxBounds: [[-75, -200], [88, 200]],
        scrollWheelZoom: false,
        zoomControl: false
      });
      L.control.zoom({ zoomInTitle: TEXT.zoomIn, zoomOutTitle: TEXT.zoomOut }).addTo(map);
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution("Natural Earth");
      map.setView([30, 10], 1.5);

      var url = element.getAttribute("data-geojson-url");
      if (url && window.fetch) {
        window.fetch(url, { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(response.status);
            }
            return response.json();
          })
          .then(function (geojson) {
            var layer = L.geoJSON(geojson, {
              interactive: false,
              style: function (feature) {
                var active = feature.id && highlight[String(feature.id)];
                return {
                  color: "#ffffff",
                  weight: 0.8,
                  fillColor: active ? "#80bed9" : "#c8ccce",
                  fillOpacity: 1
                };
              }
            }).addTo(map);
            layer.bringToBack();
          })
          .catch(function () {
            var note = doc.createElement("p");
            note.className = "alert alert--warning";
            note.textContent = TEXT.mapError;
            element.parentNode.insertBefore(note, element);
          });
      }

      var bounds = [];
      points.forEach(function (point) {
        if (typeof point.lat !== "number" || typeof point.lng !== "number") {
          return;
        }
        var index = categories.indexOf(point.category);
        var colour = PALETTE[(index < 0 ? 0 : index) % PALETTE.length];
        var marker = L.circleMarker([point.lat, point.lng], {
          radius: 7,
          color: "#ffffff",
          weight: 2,
          fillColor: colour,
          fillOpacity: 1
        }).addTo(map);
        // Leaflet puts a string into the tooltip as HTML: give it a text node instead,
        // so that a city's name shows as written, markup included.
        marker.bindTooltip(textNode(point.name), { direction: "top", offset: [0, -6] });
        marker.bindPopup(buildPopup(point));
        nameMarker(marker, point.name);
        bounds.push([point.lat, point.lng]);
      });
      if (bounds.length > 1) {
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 5 });
      } else if (bounds.length === 1) {
        map.setView(bounds[0], 4);
      }
      // Enable wheel zoom only after the user has clicked into the map, so
      // that scrolling the page does not get stuck on it.
      map.once("click focus", function () {
        map.scrollWheelZoom.enable();
      });
    });
  }

  onReady(function () {
    initTableWraps();
    initTomSelect();
    initAutoSubmit();
    initConfirm();
    initCollapsible();
    initPrint();
    initCharts();
    initMaps();
  });

  // Small public hook for pages that add widgets later (e.g. formsets).
  window.gentintl = { initTomSelect: initTomSelect, readJson: readJson, palette: PALETTE.slice() };
})();
