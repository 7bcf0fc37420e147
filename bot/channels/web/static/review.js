// The review page: impact previews and the indicator search as fragments; decisions are plain forms.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var lastTarget = null;

  function post(url, data) {
    return fetch(url, { method: "POST", body: data, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
      .then(function (r) { return r.text(); });
  }

  document.querySelectorAll(".preview-btn").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var form = btn.closest("form");
      var out = form.querySelector(".impact");
      var data = new FormData(form);
      data.set("item", btn.dataset.item);
      out.textContent = "Computing the impact… 正在计算影响…";
      post("/console/review/preview", data).then(function (html) { out.innerHTML = html; });
    });
  });

  document.querySelectorAll("input.target").forEach(function (input) {
    input.addEventListener("focus", function () { lastTarget = input; });
  });

  var search = document.getElementById("indicator-search");
  var results = document.getElementById("indicator-results");
  var timer = null;
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/console/review/indicators?q=" + encodeURIComponent(search.value), { credentials: "same-origin" })
          .then(function (r) { return r.text(); })
          .then(function (html) { results.innerHTML = html; });
      }, 200);
    });
    results.addEventListener("click", function (ev) {
      var b = ev.target.closest(".use-indicator");
      if (!b) return;
      var input = lastTarget || document.querySelector("input.target");
      if (input) { input.value = b.dataset.id; input.focus(); }
    });
  }
})();
