// Lantai pages: search suggestions, copying a citation, folding the contents
// on phones and scrolling to the first highlighted hit. Text from the server
// is always set with textContent, never parsed as HTML.
(function () {
  "use strict";

  function initSuggest(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var items = [];
    var active = -1;
    var timer = 0;
    var seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(i) {
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(li) {
      if (li.dataset.id) {
        window.location.href = "/reports/" + encodeURIComponent(li.dataset.id);
        return;
      }
      input.value = li.dataset.text;
      close();
      if (input.form) input.form.submit();
    }

    function show(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (s, i) {
        var li = document.createElement("li");
        li.id = "suggest-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.text = s.text;
        if (s.kind === "title" && s.id) li.dataset.id = s.id;
        li.appendChild(document.createTextNode(s.text));
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = { title: "标题", heading: "章节", term: "词" }[s.kind] || "";
        li.appendChild(kind);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
        list.appendChild(li);
        return li;
      });
      if (items.length === 0) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++seq;
      fetch("/api/suggest?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (body) { if (mine === seq) show(body.suggestions || []); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); select((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function initCopy(button) {
    var target = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector(".copied");
    if (!target) return;
    function done(msg) { if (status) status.textContent = msg; }
    button.addEventListener("click", function () {
      var text = target.value;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done("已复制"); }, fallback);
      } else {
        fallback();
      }
      function fallback() {
        target.focus();
        target.select();
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok ? "已复制" : "已选中，请按 Ctrl+C 复制");
      }
    });
  }

  function scrollToFirstHit() {
    if (window.location.hash) return; // a section anchor wins
    var hit = document.getElementById("first-hit");
    if (hit) hit.scrollIntoView({ block: "center" });
  }

  // On a narrow screen the table of contents sits above the text, so it
  // starts closed to keep the text within reach.
  function foldContents() {
    if (!window.matchMedia("(max-width: 48rem)").matches) return;
    document.querySelectorAll(".toc details[open]").forEach(function (d) { d.open = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(initSuggest);
    document.querySelectorAll("button[data-copy]").forEach(initCopy);
    foldContents();
    scrollToFirstHit();
  });
})();
