// The call sheet: re-analyse as the operator types, checklist, number look-ups, reports, saving.
// No build step, no framework: fetch() posts form data with the session's CSRF token and the
// server answers with HTML fragments that replace a region of the page.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var $ = function (id) { return document.getElementById(id); };
  var account = $("account"), lang = $("lang"), sheet = $("sheet"), checklist = $("checklist");
  var latest = 0, timer = null;

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
    return post("/console/analyze", data).then(function (r) { return r.text(); }).then(function (html) {
      if (mine === latest) { sheet.innerHTML = html; }
    });
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

  function showChecklist(items, focus) {
    var data = new FormData();
    items.forEach(function (g) { data.append("given", g); });
    data.append("lang", currentLang());
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
  lang.addEventListener("change", function () {
    analyse();
    if ($("paid-flag").value) { showChecklist(given(), false); }
  });
  account.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); analyse(); }
  });

  $("paid").addEventListener("click", function () {
    $("paid-flag").value = "1";
    var items = given();
    showChecklist(items.length ? items : ["money"], true);
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

  $("save").addEventListener("click", function () {
    var data = new FormData($("call"));
    given().forEach(function (g) { data.append("given", g); });
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

  // A reopened case: analyse what was kept, and show its checklist again.
  if (account.value.trim()) { analyse(); }
  if ($("paid-flag").value) {
    var before = checklist.dataset.given ? checklist.dataset.given.split(",") : [];
    showChecklist(before.length ? before : ["money"], false);
  }
})();
