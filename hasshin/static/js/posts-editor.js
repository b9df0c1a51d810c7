// The post editor: show the fields that apply, autosave to the server (debounced) and keep a
// copy in localStorage, so a closed tab or an expired session loses nothing. Live checks are
// htmx attributes on the form (see posts/editor.html).
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  if (!form) return;
  var stateEl = document.getElementById("savestate");
  var notice = document.getElementById("restore-notice");
  var accountServices = JSON.parse(document.getElementById("account-services").textContent);
  var storageKey = form.dataset.storageKey;
  var SKIP = { csrfmiddlewaretoken: 1, post_id: 1, action: 1, acknowledge_warnings: 1 };
  var timer = null;
  var inFlight = false;
  var again = false;

  function csrf() {
    var el = form.querySelector("input[name=csrfmiddlewaretoken]");
    return el ? el.value : "";
  }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name]) return;
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function restore(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || !(el.name in data)) return;
      if (el.type === "checkbox") el.checked = data[el.name].indexOf(el.value) !== -1;
      else el.value = data[el.name];
    });
  }

  function store(dirty) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), dirty: dirty, data: snapshot() }));
    } catch (e) { /* storage full or disabled: the server copy still exists */ }
  }

  function say(text, offline) {
    if (!stateEl) return;
    stateEl.textContent = text;
    stateEl.classList.toggle("offline", !!offline);
  }

  function toggles() {
    var urgent = form.querySelector("input[name=urgent]");
    var reply = form.querySelector("input[name=is_reply]");
    document.getElementById("urgent-box").hidden = !(urgent && urgent.checked);
    document.getElementById("reply-box").hidden = !(reply && reply.checked);
    var services = {};
    form.querySelectorAll("input[name=accounts]:checked").forEach(function (el) {
      services[accountServices[el.value]] = true;
    });
    document.querySelectorAll("[data-service-box]").forEach(function (box) {
      box.hidden = !services[box.dataset.serviceBox];
    });
  }

  function adopt(result) {
    // A new draft got its id: from now on this page edits that post.
    var idField = form.querySelector("input[name=post_id]");
    if (idField.value) return;
    idField.value = String(result.id);
    form.action = result.edit_url;
    form.dataset.autosaveUrl = result.autosave_url;
    var oldKey = storageKey;
    storageKey = form.dataset.newKey.replace(/\.new$/, "." + result.id);
    form.dataset.storageKey = storageKey;
    try { localStorage.removeItem(oldKey); } catch (e) { /* ignore */ }
    if (window.history && history.replaceState) history.replaceState(null, "", result.edit_url);
  }

  function autosave() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    var sent = JSON.stringify(snapshot());
    say(form.dataset.msgSaving);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-CSRFToken": csrf(), "Accept": "application/json" },
      credentials: "same-origin",
      redirect: "follow"
    }).then(function (resp) {
      var json = (resp.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
      if (resp.redirected || !json) throw new Error("session");
      return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
    }).then(function (r) {
      if (!r.ok) { say(r.body.error || form.dataset.msgFailed, true); return; }
      if (!r.body.saved) { say(""); return; }
      adopt(r.body);
      if (JSON.stringify(snapshot()) === sent) store(false);
      say(form.dataset.msgSaved + " " + r.body.saved_label);
    }).catch(function (err) {
      say(err.message === "session" ? form.dataset.msgSession : form.dataset.msgOffline, true);
    }).finally(function () {
      inFlight = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(autosave, 1200);
  }

  function changed() {
    toggles();
    store(true);
    say(form.dataset.msgPending);
    schedule();
  }

  // Restore a browser copy that the server never confirmed (closed tab, expired session).
  function restoreIfNewer() {
    var raw;
    try { raw = localStorage.getItem(storageKey); } catch (e) { return; }
    if (!raw) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { return; }
    var serverAt = form.dataset.serverSavedAt ? Date.parse(form.dataset.serverSavedAt) : 0;
    if (!saved.dirty || saved.at <= serverAt) return;
    if (JSON.stringify(saved.data) === JSON.stringify(snapshot())) return;
    restore(saved.data);
    notice.hidden = false;
    notice.textContent = form.dataset.msgRestored;
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary";
    discard.style.marginLeft = "1rem";
    discard.textContent = form.dataset.msgDiscard;
    discard.addEventListener("click", function () {
      try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
      window.location.reload();
    });
    notice.appendChild(discard);
    schedule();
  }

  restoreIfNewer();
  toggles();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { clearTimeout(timer); store(true); });
  window.addEventListener("pagehide", function () { if (timer) store(true); });
})();
