// Live Markdown preview beside the article body. Progressive: without JavaScript the
// textarea works as it is, and "Preview as readers see it" shows the saved draft.
(function () {
  "use strict";
  function start() {
    var body = document.querySelector("textarea.markdown-editor");
    var urlNode = document.getElementById("markdown-render-url");
    if (!body || !urlNode) { return; }
    var url = JSON.parse(urlNode.textContent);
    var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    var pane = document.createElement("div");
    pane.className = "markdown-preview prose";
    pane.setAttribute("aria-live", "polite");
    pane.setAttribute("aria-label", "Live preview");
    var wrap = document.createElement("div");
    wrap.className = "markdown-split";
    body.parentNode.insertBefore(wrap, body);
    wrap.appendChild(body);
    wrap.appendChild(pane);
    var timer = null;
    var sent = 0;
    function refresh() {
      var ticket = ++sent;
      var data = new FormData();
      data.append("body", body.value);
      fetch(url, { method: "POST", body: data, credentials: "same-origin",
                   headers: { "X-CSRFToken": csrf ? csrf.value : "" } })
        .then(function (r) { return r.json(); })
        .then(function (json) { if (ticket === sent && json.html !== undefined) { pane.innerHTML = json.html; } })
        .catch(function () { pane.textContent = "Preview unavailable."; });
    }
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
