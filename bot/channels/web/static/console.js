// The call sheet: re-analyse as the operator types, checklist, number look-ups, reports, saving.
// No build step, no framework: fetch() posts form data with the session's CSRF token and the
// server answers with HTML fragments that replace a region of the page.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var $ = function (id) { return document.getElementById(id); };
  var account = $("account"), lang = $("lang"), sheet = $("sheet"), checklist = $("checklist");
  var latest = 0, timer = null;
  var opened = {};     // what the caller said they gave, already put on the emergency panel
  var dropped = {};    // identifiers the operator unticked (the caller's own, say): stay unticked
  var kept = {};       // identifiers the operator ticked (offered unticked on a genuine call): stay ticked

  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf }
    }).then(function (r) {
      if (r.status === 403) { window.location = "/console/login"; throw new Error("session"); }
      return r;
    });
  }

  function currentLang() {
    var s = sheet.querySelector(".sheet");
    return lang.value || (s && s.dataset.lang) || "";
  }

  function analyse() {
    var mine = ++latest;
    var data = new FormData();
    data.append("text", account.value);
    data.append("lang", lang.value);
    data.append("region", $("region") ? $("region").value : "");
    data.append("paid", $("paid-flag").value);  // the headline agrees with "already paid: do this now"
    return post("/console/analyze", data).then(function (r) { return r.text(); }).then(function (html) {
      if (mine !== latest) { return; }
      sheet.innerHTML = html;
      var boxes = sheet.querySelectorAll("input.ident");
      for (var i = 0; i < boxes.length; i++) {
        if (dropped[boxes[i].value]) { boxes[i].checked = false; }
        if (kept[boxes[i].value]) { boxes[i].checked = true; }
      }
      // The emergency panel opens from what the caller said (the chat's own situation detector),
      // ticking only that; whatever the operator ticked stays ticked.
      var fresh = said().filter(function (g) { return !opened[g]; });
      if (fresh.length) {
        fresh.forEach(function (g) { opened[g] = true; });
        $("paid-flag").value = "1";
        return showChecklist(union(given(), said()), false);
      }
    });
  }

  function said() {
    var s = sheet.querySelector(".sheet");
    return s && s.dataset.said ? s.dataset.said.split(",") : [];
  }

  function union(a, b) {
    var out = a.slice();
    b.forEach(function (g) { if (out.indexOf(g) < 0) { out.push(g); } });
    return out;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(analyse, 300);
  }

  function given() {
    var boxes = checklist.querySelectorAll('input[name="given"]:checked');
    var out = [];
    for (var i = 0; i < boxes.length; i++) { out.push(boxes[i].value); }
    return out;
  }

  // The caller's region: the operator's choice, else ("auto") the one the sheet read from the account.
  function currentRegion() {
    var s = sheet.querySelector(".sheet");
    return ($("region") && $("region").value) || (s && s.dataset.region) || "";
  }

  function showChecklist(items, focus) {
    var data = new FormData();
    items.forEach(function (g) { data.append("given", g); });
    data.append("lang", currentLang());
    data.append("region", currentRegion());
    return post("/console/checklist", data).then(function (r) { return r.text(); }).then(function (html) {
      checklist.innerHTML = html;
      if (focus) { $("checklist-title").focus(); }
    });
  }

  function lookup(number) {
    var data = new FormData();
    data.append("number", number);
    data.append("lang", currentLang());
    var s = sheet.querySelector(".sheet");
    data.append("org", (s && s.dataset.org) || "");
    return post("/console/lookup", data).then(function (r) { return r.text(); }).then(function (html) {
      $("number-result").innerHTML = html;
      var script = s && s.dataset.script, select = $("report-script");
      if (script && select) { select.value = script; }
    });
  }

  account.addEventListener("input", later);
  if ($("region")) {
    $("region").addEventListener("change", function () {
      analyse();
      if ($("paid-flag").value) { showChecklist(given(), false); }
    });
  }
  lang.addEventListener("change", function () {
    analyse();
    if ($("paid-flag").value) { showChecklist(given(), false); }
  });
  account.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyse(); }
  });

  // "Already paid": the emergency steps, ticking only what was said or ticked, never a guess.
  function alreadyPaid() {
    $("paid-flag").value = "1";
    if (account.value.trim()) { analyse(); }  // the headline: "treat this as a scam", not "do not act yet"
    return showChecklist(union(given(), said()), true);
  }
  $("paid").addEventListener("click", alreadyPaid);
  sheet.addEventListener("change", function (e) {
    if (e.target.classList.contains("ident")) {
      if (e.target.checked) { delete dropped[e.target.value]; kept[e.target.value] = true; }
      else { dropped[e.target.value] = true; delete kept[e.target.value]; }
    }
  });
  checklist.addEventListener("change", function (e) {
    if (e.target.name === "given") { showChecklist(given(), false); }
  });

  $("lookup").addEventListener("submit", function (e) {
    e.preventDefault();
    if ($("number").value.trim()) { lookup($("number").value.trim()); }
  });
  sheet.addEventListener("click", function (e) {
    var b = e.target.closest(".lookup-this");
    if (b) { $("number").value = b.dataset.number; lookup(b.dataset.number).then(function () { $("report-script") && $("report-script").focus(); }); }
  });
  $("number-result").addEventListener("submit", function (e) {
    if (e.target.id !== "report") { return; }
    e.preventDefault();
    var data = new FormData(e.target);
    data.append("lang", currentLang());
    post("/console/report", data).then(function (r) { return r.text(); }).then(function (html) {
      $("report-result").innerHTML = html;
    });
  });

  function save() {
    var data = new FormData($("call"));
    given().forEach(function (g) { data.append("given", g); });
    var idents = sheet.querySelectorAll("input.ident:checked");
    for (var i = 0; i < idents.length; i++) { data.append("ident", idents[i].value); }
    post("/console/cases", data).then(function (r) { return r.json(); }).then(function (body) {
      if (body.id) {
        $("case-id").value = body.id;
        $("saved").innerHTML = "";
        var a = document.createElement("a");
        a.href = body.url; a.id = "saved-link";
        a.textContent = "Saved as case #" + body.id + " 已保存";
        $("saved").appendChild(a);
        history.replaceState(null, "", body.url);
        $("case-summary").textContent = body.summary;
        $("summary-box").hidden = false;
      } else {
        $("saved").textContent = body.error || "not saved";
      }
    });
  }
  $("save").addEventListener("click", save);

  // Alt+P / Alt+S: the browser's own access keys differ by platform (and headless Chromium has
  // none), so the page handles them itself. Keyed by the physical key, whatever the layout or IME.
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.code === "KeyP") { e.preventDefault(); alreadyPaid(); }
    else if (e.code === "KeyS") { e.preventDefault(); save(); }
  });

  $("copy-summary").addEventListener("click", function () {
    var text = $("case-summary").textContent, button = this;
    var done = function () { button.textContent = "Copied 已复制"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {  // plain HTTP: select it for Ctrl+C
      var range = document.createRange();
      range.selectNodeContents($("case-summary"));
      var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }
  });

  // A reopened case: analyse what was kept, then show its checklist again, for the case's region
  // (kept with the case and chosen in the menu; for an older case, the one the sheet reads).
  var reopened = Promise.resolve();
  var before = checklist.dataset.given ? checklist.dataset.given.split(",") : [];
  if ($("paid-flag").value) { before.forEach(function (g) { opened[g] = true; }); }
  if (account.value.trim()) { reopened = analyse(); }
  if ($("paid-flag").value) {
    reopened.then(function () { return showChecklist(before, false); });
  }
})();
