/*
 * gentintl: a sign of life during long work (upload, preview, import, export), and one
 * request per click. Progressive enhancement: without this file every form and link
 * works as a plain form or link; the server imports a preview once however often its
 * confirm arrives.
 *
 * No inline scripts (the Content-Security-Policy forbids them); the texts come from the
 * templates, translated there.
 *
 * Hooks:
 *   form[data-progress="text"]         on submit: the text in its status element, its
 *                                      buttons disabled, a second submit ignored
 *   form[data-progress-upload="text"]  also sends the form with XMLHttpRequest and shows
 *                                      the upload's progress ("text 45 %"), then the
 *                                      data-progress text while the server works
 *   [data-progress-group="name"]       forms of one group are busy together (confirm and
 *                                      cancel of one preview)
 *   [data-progress-status="id"]        the id of the status element (role="status");
 *                                      without it, one is added after the form or link
 *   [data-progress-error="text"]       shown when the request failed
 *   a[data-progress="text"]            a download link (export): fetched in the page, the
 *                                      text shown until the file is there, one at a time
 */
(function () {
  "use strict";

  var doc = document;

  function statusFor(element) {
    var id = element.getAttribute("data-progress-status");
    var status = id && doc.getElementById(id);
    if (!status) {
      status = doc.createElement("span");
      status.className = "progress-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      element.parentNode.insertBefore(status, element.nextSibling);
      if (!element.id) {
        element.id = "progress-" + Math.random().toString(36).slice(2);
      }
      status.id = element.id + "-status";
      element.setAttribute("data-progress-status", status.id);
    }
    return status;
  }

  function say(element, text, state) {
    var status = statusFor(element);
    status.textContent = text || "";
    status.setAttribute("data-state", state || "busy");
    status.hidden = !text;
  }

  function buttonsOf(form) {
    return form.querySelectorAll("button, input[type=submit], input[type=image]");
  }

  function formsLike(form) {
    var group = form.getAttribute("data-progress-group");
    if (!group) {
      return [form];
    }
    return Array.prototype.slice.call(
      doc.querySelectorAll('form[data-progress-group="' + group + '"]')
    );
  }

  function setBusy(form, busy) {
    formsLike(form).forEach(function (each) {
      if (busy) {
        each.setAttribute("data-busy", "");
        each.setAttribute("aria-busy", "true");
      } else {
        each.removeAttribute("data-busy");
        each.removeAttribute("aria-busy");
      }
      Array.prototype.forEach.call(buttonsOf(each), function (button) {
        button.disabled = busy;
      });
    });
  }

  // This file's own address: its listeners stay on the document when a page replaces
  // the body (see showResponse), so it must not run again.
  var OWN_SRC = doc.currentScript ? doc.currentScript.src : "";

  function showResponse(xhr) {
    // The answer is a whole page (the preview, or the form with its errors): it
    // replaces this one as a normal submit would have. The document stays, so that the
    // next form submit or link works as on any page.
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    if (xhr.responseURL && window.history && history.replaceState) {
      history.replaceState(null, "", xhr.responseURL);
    }
    doc.title = page.title;
    doc.head.replaceWith(doc.adoptNode(page.head));
    doc.body.replaceWith(doc.adoptNode(page.body));
    // Scripts parsed this way do not run: run the page's own again (same files, so the
    // Content-Security-Policy allows them), except this one.
    Array.prototype.forEach.call(doc.querySelectorAll("script[src]"), function (old) {
      if (old.src === OWN_SRC) {
        return;
      }
      var script = doc.createElement("script");
      Array.prototype.forEach.call(old.attributes, function (attribute) {
        script.setAttribute(attribute.name, attribute.value);
      });
      script.async = false;
      old.replaceWith(script);
    });
    window.scrollTo(0, 0);
  }

  function upload(form, text) {
    var xhr = new XMLHttpRequest();
    var uploading = form.getAttribute("data-progress-upload");
    var failed = function () {
      setBusy(form, false);
      say(form, form.getAttribute("data-progress-error"), "error");
    };
    xhr.open(form.method || "post", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        say(form, uploading + " " + Math.round((100 * event.loaded) / event.total) + " %");
      }
    });
    xhr.upload.addEventListener("load", function () {
      say(form, text);
    });
    xhr.addEventListener("load", function () {
      if (xhr.status >= 200 && xhr.status < 500 && xhr.responseText) {
        showResponse(xhr);
      } else {
        failed();
      }
    });
    xhr.addEventListener("error", failed);
    xhr.addEventListener("abort", failed);
    say(form, uploading);
    xhr.send(new FormData(form));
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-progress]")) {
      return;
    }
    if (form.hasAttribute("data-busy")) {
      event.preventDefault(); // a second click: the first request is on its way
      return;
    }
    var text = form.getAttribute("data-progress");
    var canUpload = window.FormData && window.XMLHttpRequest && "upload" in new XMLHttpRequest();
    if (form.hasAttribute("data-progress-upload") && canUpload) {
      event.preventDefault();
      setBusy(form, true);
      upload(form, text);
      return;
    }
    say(form, text);
    formsLike(form).forEach(function (each) {
      each.setAttribute("data-busy", "");
      each.setAttribute("aria-busy", "true");
    });
    // Disabled after this event, not in it: a disabled submit button would leave its
    // own name and value out of the form being sent.
    window.setTimeout(function () {
      setBusy(form, true);
    }, 0);
  }

  function fileName(response, link) {
    var header = response.headers.get("Content-Disposition") || "";
    var found = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
    return found ? decodeURIComponent(found[1]) : link.getAttribute("download") || "export";
  }

  function onClick(event) {
    var link = event.target.closest && event.target.closest("a[data-progress]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (link.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
      return;
    }
    if (!window.fetch || !window.URL || !URL.createObjectURL) {
      say(link, link.getAttribute("data-progress"));
      return; // the browser downloads it; the text says something is coming
    }
    event.preventDefault();
    link.setAttribute("aria-disabled", "true");
    say(link, link.getAttribute("data-progress"));
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.blob().then(function (blob) {
          var save = doc.createElement("a");
          save.href = URL.createObjectURL(blob);
          save.download = fileName(response, link);
          save.hidden = true;
          doc.body.appendChild(save);
          save.click();
          window.setTimeout(function () {
            URL.revokeObjectURL(save.href);
            save.remove();
          }, 1000);
          say(link, link.getAttribute("data-progress-done"), "done");
        });
      })
      .catch(function () {
        say(link, link.getAttribute("data-progress-error"), "error");
      })
      .then(function () {
        link.removeAttribute("aria-disabled");
      });
  }

  doc.addEventListener("submit", onSubmit);
  doc.addEventListener("click", onClick);
  // Back from the next page (bfcache): the forms are usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      Array.prototype.forEach.call(doc.querySelectorAll("form[data-busy]"), function (form) {
        setBusy(form, false);
        say(form, "");
      });
    }
  });
})();
