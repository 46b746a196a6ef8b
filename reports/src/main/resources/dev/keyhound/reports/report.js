(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("keyhound-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var PALETTE = ["#3056d3", "#6a4fb3", "#0f8b8d", "#d9822b", "#c62828", "#2e7d32", "#8d6e63", "#546e7a"];
  var COLOURS = { "active": "#c62828", "inactive": "#2e7d32", "unknown": "#d9822b", "not verified": "#90a0b5",
    "revoked": "#2e7d32", "confirmed_dead": "#2e7d32", "failed": "#c62828", "approval_required": "#d9822b",
    "none": "#90a0b5", "not in history": "#90a0b5" };

  // Every value from the data goes in as text (textContent / setAttribute), never as markup.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function human(bytes) {
    if (bytes < 1024) { return bytes + " B"; }
    if (bytes < 1048576) { return (bytes / 1024).toFixed(1) + " KiB"; }
    return (bytes / 1048576).toFixed(1) + " MiB";
  }

  function header() {
    var meta = document.getElementById("meta");
    meta.appendChild(el("div", null, data.tool + " " + data.version + " \u00b7 " + data.generatedAt.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")));
    meta.appendChild(el("div", null, "targets: " + (data.targets.join(", ") || "-")));
  }

  function cards() {
    var occurrences = data.findings.reduce(function (n, f) { return n + f.occurrences.length; }, 0);
    var active = data.findings.filter(function (f) { return f.verification === "active"; }).length;
    var items = [
      [data.findings.length, "findings", data.findings.length ? "bad" : "ok"],
      [occurrences, "occurrences", ""],
      [active, "verified active", active ? "bad" : ""],
      [data.filesScanned, "files scanned (" + human(data.bytesScanned) + ")", ""],
      [data.unreadable, "unreadable inputs", data.unreadable ? "bad" : ""]
    ];
    var box = document.getElementById("cards");
    items.forEach(function (it) {
      var c = el("div", "card " + it[2]);
      c.appendChild(el("div", "n", it[0]));
      c.appendChild(el("div", "l", it[1]));
      box.appendChild(c);
    });
  }

  // A horizontal bar chart drawn as inline SVG: one row per label, bar length proportional to the count. The
  // label column is as wide as the longest label needs (within bounds), so labels are not cut on the left;
  // a longer label is shortened with its full text as a tooltip.
  var LABEL_MAX = 30;
  function barChart(title, rows, key) {
    var box = el("div", "chart");
    box.setAttribute("data-chart", key);
    box.appendChild(el("h3", null, title));
    var longest = rows.reduce(function (m, r) { return Math.max(m, Math.min(LABEL_MAX, r.label.length)); }, 4);
    var rowH = 24, labelW = Math.round(Math.min(240, Math.max(70, longest * 7.6 + 14))), width = labelW + 190;
    var barMax = width - labelW - 40;
    var max = rows.reduce(function (m, r) { return Math.max(m, r.count); }, 0) || 1;
    var s = svg("svg", { viewBox: "0 0 " + width + " " + Math.max(rowH, rows.length * rowH + 4), role: "img" });
    s.appendChild(svg("title")).textContent = title;
    rows.forEach(function (r, i) {
      var y = i * rowH + 2;
      var label = svg("text", { x: labelW - 8, y: y + 15, "text-anchor": "end" });
      var long = r.label.length > LABEL_MAX;
      label.textContent = long ? r.label.slice(0, LABEL_MAX - 1) + "\u2026" : r.label;
      if (long) { label.appendChild(svg("title")).textContent = r.label; }
      s.appendChild(label);
      var w = r.count ? Math.max(3, Math.round(r.count / max * barMax)) : 0;
      s.appendChild(svg("rect", { x: labelW, y: y + 3, width: w, height: rowH - 8, rx: 3, "class": "bar",
        fill: r.other ? "#b0bac8" : COLOURS[r.label] || PALETTE[i % PALETTE.length] }));
      var v = svg("text", { x: labelW + w + 6, y: y + 15, "class": "v" });
      v.textContent = r.count;
      s.appendChild(v);
    });
    if (!rows.length) {
      var t = svg("text", { x: 8, y: 16, "class": "v" });
      t.textContent = "no findings";
      s.appendChild(t);
    }
    box.appendChild(s);
    return box;
  }

  // Open live keys over time (ledger reports only): a step line, one step per change.
  function trendChart(points) {
    var box = el("div", "chart");
    box.setAttribute("data-chart", "trend");
    box.appendChild(el("h3", null, "Open live keys over time"));
    var width = 320, height = 140, left = 30, bottom = 20, top = 8;
    var t0 = Date.parse(points[0].at), t1 = Date.parse(points[points.length - 1].at);
    var span = Math.max(1, t1 - t0);
    var max = points.reduce(function (m, p) { return Math.max(m, p.open); }, 0) || 1;
    function x(t) { return left + (Date.parse(t) - t0) / span * (width - left - 8); }
    function y(v) { return top + (1 - v / max) * (height - top - bottom); }
    var s = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    s.appendChild(svg("title")).textContent = "Open live keys over time";
    var d = "M" + x(points[0].at) + " " + y(0);
    points.forEach(function (p) { d += " H" + x(p.at) + " V" + y(p.open); });
    d += " H" + (width - 8);
    s.appendChild(svg("path", { d: d, fill: "none", stroke: PALETTE[0], "stroke-width": 2, "class": "trend" }));
    var maxLabel = svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", "class": "v" });
    maxLabel.textContent = max;
    s.appendChild(maxLabel);
    var zero = svg("text", { x: left - 4, y: height - bottom, "text-anchor": "end", "class": "v" });
    zero.textContent = "0";
    s.appendChild(zero);
    var from = svg("text", { x: left, y: height - 4, "class": "v" });
    from.textContent = points[0].at.slice(0, 10);
    s.appendChild(from);
    var to = svg("text", { x: width - 8, y: height - 4, "text-anchor": "end", "class": "v" });
    to.textContent = points[points.length - 1].at.slice(0, 16).replace("T", " ");
    s.appendChild(to);
    box.appendChild(s);
    return box;
  }

  function charts() {
    var box = document.getElementById("charts");
    if (data.trend && data.trend.length) { box.appendChild(trendChart(data.trend)); }
    box.appendChild(barChart("Findings by rule", data.summary.byRule, "rule"));
    box.appendChild(barChart("By repository", data.summary.byRepository, "repository"));
    box.appendChild(barChart("By verification", data.summary.byVerification, "verification"));
    box.appendChild(barChart("By remediation state", data.summary.byRemediation, "remediation"));
    box.appendChild(barChart("By age of introducing commit", data.summary.byAge, "age"));
  }

  // An occurrence is one line, cut to the cell; a click (or Enter) shows its full place: path, line, column
  // and the whole commit id.
  function occurrenceItem(o) {
    var li = el("li");
    li.tabIndex = 0;
    li.appendChild(el("span", "src " + o.source, o.source));
    li.appendChild(el("span", "mono", o.path + ":" + o.line + ":" + o.column));
    if (o.commit) {
      li.appendChild(el("span", "c mono short", " @" + o.commit.slice(0, 10)));
      li.appendChild(el("span", "c mono full", " in commit " + o.commit));
    }
    li.title = o.path + ":" + o.line + ":" + o.column + (o.commit ? " in commit " + o.commit : "") + " (click to show)";
    function toggle() { li.classList.toggle("open"); }
    li.addEventListener("click", toggle);
    li.addEventListener("keydown", function (e) { if (e.key === "Enter") { toggle(); } });
    return li;
  }

  function row(f) {
    var tr = el("tr", "finding");
    tr.setAttribute("data-id", f.id);
    var rule = el("td");
    rule.appendChild(el("div", "rule", f.rule));
    if (f.description) { rule.appendChild(el("div", "desc", f.description)); }
    var value = el("td");
    value.appendChild(el("code", null, f.redacted));
    if (f.lowConfidence) { value.appendChild(el("div", "low", "low confidence: bad checksum")); }
    var occ = el("td");
    var list = el("ul", "occ");
    f.occurrences.slice(0, 3).forEach(function (o) { list.appendChild(occurrenceItem(o)); });
    occ.appendChild(list);
    if (f.occurrences.length > 3) {
      var more = el("details");
      more.appendChild(el("summary", null, "+" + (f.occurrences.length - 3) + " more"));
      more.addEventListener("toggle", function () {
        if (more.open && more.childNodes.length === 1) {
          var rest = el("ul", "occ");
          f.occurrences.slice(3).forEach(function (o) { rest.appendChild(occurrenceItem(o)); });
          more.appendChild(rest);
        }
      });
      occ.appendChild(more);
    }
    var ver = el("td");
    ver.appendChild(el("span", "pill " + f.verification.replace(/ /g, "_"), f.verification));
    if (f.owner) {
      ver.appendChild(el("div", "owner", "owner " + f.owner));
      ver.appendChild(el("div", "perms", "permissions: " + (f.permissions.length ? f.permissions.join(", ") : "none")));
    }
    var rem = el("td");
    rem.appendChild(el("span", "pill " + f.remediation, f.remediation.replace(/_/g, " ")));
    var intro = el("td", "mono", f.introduced ? f.introduced.slice(0, 10) : "\u2013");
    intro.title = f.age;
    [rule, value, occ, ver, rem, intro, el("td", "mono fid", f.id)].forEach(function (td) { tr.appendChild(td); });
    return tr;
  }

  // The table shows one page of rows at a time, built when first shown: 10,000 findings took 18 s to open
  // when every row was built up front. Filter and sort work on the data, then the page is redrawn.
  var PAGE = 100;
  var all = data.findings.map(function (f) {
    return { f: f, tr: null,
      search: [f.rule, f.description, f.redacted, f.verification, f.remediation, f.id, f.repository, f.owner || ""]
        .concat(f.permissions || [])
        .concat(f.occurrences.map(function (o) { return o.path + " " + (o.commit || ""); })).join("\n").toLowerCase(),
      sort: { rule: f.rule, redacted: f.redacted, location: f.occurrences.length ? f.occurrences[0].path : "",
        verification: f.verification, remediation: f.remediation, introduced: f.introduced || "", id: f.id } };
  });
  var view = all, page = 0;

  function table() {
    document.querySelectorAll("#findings th").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th); });
    });
    var pager = document.getElementById("pager");
    var prev = el("button", null, "\u2039 Previous"), next = el("button", null, "Next \u203a");
    prev.type = next.type = "button";
    prev.id = "prev"; next.id = "next";
    prev.addEventListener("click", function () { page--; render(); });
    next.addEventListener("click", function () { page++; render(); });
    pager.appendChild(prev);
    pager.appendChild(el("span", "pages"));
    pager.appendChild(next);
  }

  function render() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    page = Math.max(0, Math.min(page, pages - 1));
    var body = document.querySelector("#findings tbody");
    body.textContent = "";
    view.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) {
      if (!r.tr) { r.tr = row(r.f); }
      body.appendChild(r.tr);
    });
    document.getElementById("count").textContent = "Showing " + view.length + " of " + all.length + " findings";
    document.getElementById("empty").hidden = view.length > 0 || all.length === 0;
    var pager = document.getElementById("pager");
    pager.hidden = pages < 2;
    pager.querySelector(".pages").textContent = "rows " + (view.length ? page * PAGE + 1 : 0) + "\u2013" +
      Math.min(view.length, (page + 1) * PAGE) + " \u00b7 page " + (page + 1) + " of " + pages;
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }

  var sortKey = null, sortSign = 1;
  function sortBy(th, wanted) {
    var key = th.getAttribute("data-key");
    var dir = wanted || (th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
    document.querySelectorAll("#findings th").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    sortKey = key;
    sortSign = dir === "ascending" ? 1 : -1;
    applyFilter();
  }

  function applyFilter() {
    var q = document.getElementById("filter").value.trim().toLowerCase();
    var terms = q ? q.split(/\s+/) : [];
    view = terms.length ? all.filter(function (r) {
      return terms.every(function (t) { return r.search.indexOf(t) >= 0; });
    }) : all.slice();
    if (sortKey) {
      view.sort(function (a, b) {
        var x = a.sort[sortKey], y = b.sort[sortKey];
        return sortSign * (x < y ? -1 : x > y ? 1 : 0);
      });
    }
    page = 0;
    render();
  }

  // Filter and sort can come from the address (report.html#filter=aws&sort=-introduced), so a link can share
  // a view; "-" before the column sorts descending.
  function filterFromLocation() {
    var m = /(?:^|[#&])filter=([^&]*)/.exec(location.hash);
    if (m) { document.getElementById("filter").value = decodeURIComponent(m[1].replace(/\+/g, " ")); }
    var s = /(?:^|[#&])sort=(-?)([a-z]+)/.exec(location.hash);
    var th = s && document.querySelector('#findings th[data-key="' + s[2] + '"]');
    if (th) { sortBy(th, s[1] ? "descending" : "ascending"); }
  }

  header();
  cards();
  charts();
  table();
  filterFromLocation();
  var input = document.getElementById("filter");
  input.addEventListener("input", function () {
    applyFilter();
    try {
      history.replaceState(null, "", input.value ? "#filter=" + encodeURIComponent(input.value) : location.pathname);
    } catch (e) {
      // Some browsers refuse replaceState on file: pages; the filter still works, only the link does not follow.
    }
  });
  window.addEventListener("hashchange", function () { filterFromLocation(); applyFilter(); });
  applyFilter();
  // How long the page took to open (navigation start to the first page of rows laid out: reading offsetHeight
  // forces the layout), for the browser test.
  document.documentElement.setAttribute("data-rendered-ms",
    String(document.body.offsetHeight >= 0 ? Math.round(performance.now()) : -1));
}());
