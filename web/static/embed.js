// Lantai embed: turns every <div data-lantai-search> on a page into a search
// box whose results come from the Lantai server this script was loaded from.
// Options (attributes on the div): data-size (results, default 5),
// data-placeholder, data-agency, data-catalog, data-scope.
// Everything from the server is inserted as text; snippets are rebuilt from
// their <mark> markers as elements, never parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, document.baseURI).origin;

  var entities = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": "\"", "&#39;": "'", "&#34;": "\"", "&#x27;": "'", "&apos;": "'" };
  function decode(s) {
    return s.replace(/&(?:lt|gt|amp|quot|apos|#39|#34|#x27);|&#(\d+);|&#x([0-9a-f]+);/gi, function (m, dec, hex) {
      if (dec) return String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff));
      if (hex) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
      return entities[m.toLowerCase()] || m;
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // snippet builds a <p> from "escaped text with <mark>…</mark>".
  function snippet(s) {
    var p = el("p", "lantai-snippet");
    var marked = false;
    s.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = decode(part);
      p.appendChild(marked ? el("mark", "", text) : document.createTextNode(text));
    });
    return p;
  }

  function reportLink(hit, q) {
    var u = origin + "/reports/" + encodeURIComponent(hit.id) + "?q=" + encodeURIComponent(q);
    if (hit.section && hit.section.id) u += "#s-" + encodeURIComponent(hit.section.id);
    return u;
  }

  function init(box) {
    if (box.dataset.lantaiReady) return;
    box.dataset.lantaiReady = "1";
    var form = el("form", "lantai-form");
    form.setAttribute("role", "search");
    var label = el("label", "", "检索");
    var input = el("input");
    input.type = "search";
    input.placeholder = box.dataset.placeholder || "检索政府报告";
    var id = "lantai-q-" + Math.random().toString(36).slice(2);
    input.id = id;
    label.htmlFor = id;
    var button = el("button", "", "检索");
    button.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(button);
    var status = el("p", "lantai-status");
    status.setAttribute("aria-live", "polite");
    var results = el("ol", "lantai-results");
    var more = el("a", "lantai-more", "查看全部结果");
    more.target = "_blank";
    more.rel = "noopener";
    more.hidden = true;
    box.textContent = "";
    box.appendChild(form);
    box.appendChild(status);
    box.appendChild(results);
    box.appendChild(more);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = input.value.trim();
      if (!q) return;
      var params = new URLSearchParams({ q: q, size: box.dataset.size || "5" });
      ["agency", "catalog", "scope"].forEach(function (k) { if (box.dataset[k]) params.set(k, box.dataset[k]); });
      status.textContent = "检索中…";
      results.textContent = "";
      more.hidden = true;
      fetch(origin + "/api/search?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) {
          return r.json().then(function (body) {
            if (!r.ok) throw new Error((body.error && body.error.message) || ("HTTP " + r.status));
            return body;
          });
        })
        .then(function (body) {
          status.textContent = "共 " + body.total + " 条结果";
          (body.hits || []).forEach(function (hit) {
            var li = el("li", "lantai-hit");
            var a = el("a", "", hit.title || "（无标题）");
            a.href = reportLink(hit, q);
            a.target = "_blank";
            a.rel = "noopener";
            li.appendChild(a);
            var meta = [hit.section ? (hit.section.number + " " + hit.section.heading) : "", hit.agency, hit.date]
              .filter(Boolean).join(" · ");
            if (meta) li.appendChild(el("p", "lantai-meta", meta));
            (hit.snippets || []).forEach(function (s) { li.appendChild(snippet(s)); });
            results.appendChild(li);
          });
          if (body.total > (body.hits || []).length) {
            more.href = origin + "/?q=" + encodeURIComponent(q);
            more.hidden = false;
          }
        })
        .catch(function (err) { status.textContent = "检索失败：" + err.message; });
    });
  }

  function initAll() { document.querySelectorAll("div[data-lantai-search]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
