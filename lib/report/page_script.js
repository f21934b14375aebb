// The report page's script: everything below the header is drawn here from the
// data embedded in the page (#data), the rows of an org only when it is opened.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("data").textContent);
  var L = D.labels;
  var SEV = ["", "VIOLATION", "WARNING", "NOTICE"];
  var orgs = D.orgs.map(function (o, i) {
    return {i: i, id: o[0], name: o[1], kind: o[2], parent: o[3], extra: o[4] || "", kids: [], rows: [], n: [0, 0, 0, 0], open: false, el: null};
  });
  orgs.forEach(function (o) { if (o.parent >= 0) orgs[o.parent].kids.push(o); });
  var roots = orgs.filter(function (o) { return o.parent < 0; });
  D.rows.forEach(function (r, i) { if (r[0] >= 0) orgs[r[0]].rows.push(i); });
  var families = {};
  D.rules.forEach(function (r) { families[r[0].split(".")[0]] = 1; });
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function path(o) {
    var names = [];
    for (var p = o; p; p = p.parent >= 0 ? orgs[p.parent] : null) names.unshift(p.name);
    return names.join(" › ");
  }
  function familyOf(rule) { return rule.split(".")[0]; }
  function familyName(f) { return (L.families[f] || f); }

  // ---- filters ---------------------------------------------------------------
  var F = {sev: 0, family: "", rule: -1, text: ""};
  function matches(i) {
    var r = D.rows[i];
    if (F.sev && r[1] !== F.sev) return false;
    if (F.rule >= 0 && r[2] !== F.rule) return false;
    if (F.family && familyOf(D.rules[r[2]][0]) !== F.family) return false;
    if (F.text) {
      var hay = (orgs[r[0]] ? path(orgs[r[0]]) + " " + orgs[r[0]].id : "") + " " + D.rules[r[2]][0] + " " + r.slice(3).join(" ");
      if (hay.toLowerCase().indexOf(F.text) < 0) return false;
    }
    return true;
  }
  // Counts of matching rows, by severity, in each org's subtree.
  function count() {
    orgs.forEach(function (o) { o.n = [0, 0, 0, 0]; });
    var shown = 0;
    for (var i = 0; i < D.rows.length; ++i) {
      if (!matches(i)) continue;
      ++shown;
      for (var o = orgs[D.rows[i][0]]; o; o = o.parent >= 0 ? orgs[o.parent] : null) { o.n[0]++; o.n[D.rows[i][1]]++; }
    }
    $("shown").textContent = L.shown.replace("{shown}", shown).replace("{total}", D.rows.length);
    return shown;
  }

  // ---- the tree ----------------------------------------------------------------
  function badges(o) {
    var span = el("span", "badges");
    for (var s = 1; s <= 3; ++s) if (o.n[s]) span.appendChild(el("span", "b " + SEV[s], L.severities[s] + " " + o.n[s]));
    if (!D.severities && o.n[0]) span.appendChild(el("span", "b", String(o.n[0])));
    return span;
  }
  function node(o) {
    var box = el("div", "org");
    box.dataset.org = o.id;
    var head = el("div", "head");
    var toggle = el("button", "toggle", o.open ? "▾" : "▸");
    toggle.setAttribute("aria-expanded", o.open ? "true" : "false");
    toggle.title = o.open ? L.collapse : L.expand;
    toggle.onclick = function () { o.open = !o.open; redraw(o); };
    head.appendChild(toggle);
    var name = el("span", "name", o.name);
    name.title = path(o) + " [" + o.id + "]";
    head.appendChild(name);
    head.appendChild(el("span", "kind", o.kind));
    if (o.extra) head.appendChild(el("span", "extra", o.extra));
    head.appendChild(badges(o));
    box.appendChild(head);
    if (o.open) box.appendChild(body(o));
    o.el = box;
    return box;
  }
  function body(o) {
    var b = el("div", "body");
    var own = o.rows.filter(matches);
    if (own.length) {
      var t = el("table", "rows");
      var cg = el("colgroup");
      D.widths.forEach(function (w) { var c = el("col"); c.style.width = w; cg.appendChild(c); });
      t.appendChild(cg);
      var h = el("tr");
      D.columns.forEach(function (c) { h.appendChild(el("th", "", c)); });
      var thead = el("thead"); thead.appendChild(h); t.appendChild(thead);
      var tb = el("tbody");
      own.forEach(function (i) { tb.appendChild(row(i)); });
      t.appendChild(tb);
      b.appendChild(t);
    }
    if (D.figures && D.figures[o.i]) b.appendChild(monthly(D.figures[o.i]));
    o.kids.forEach(function (k) { if (visible(k)) b.appendChild(node(k)); });
    return b;
  }
  // The statistics page: an org's months, drawn when asked for.
  function monthly(f) {
    var box = el("div", "months");
    var button = el("button", "by-month", L.byMonth);
    button.type = "button";
    button.onclick = function () {
      box.removeChild(button);
      var t = el("table", "rows months"), h = el("tr");
      [L.month].concat(D.kinds.map(function (k) { return k + " " + L.held + "/" + L.owed; }),
          [L.paid + "/" + L.owing, L.unpaid, L.paidYuan, L.unpaidYuan]).forEach(function (c) { h.appendChild(el("th", "", c)); });
      t.appendChild(h);
      f[3].forEach(function (m) {
        var tr = el("tr");
        [m[0]].concat(m[1].map(function (k) { return k[0] + "/" + k[1]; }), [m[2] + "/" + m[3], m[4], m[5], m[6]])
            .forEach(function (c) { tr.appendChild(el("td", "", String(c))); });
        t.appendChild(tr);
      });
      box.appendChild(t);
    };
    box.appendChild(button);
    return box;
  }
  // A row's cells: its severity, the texts the page carries for it, its rule
  // (its title on hover) and, for findings, the rule's source.
  function row(i) {
    var r = D.rows[i], tr = el("tr", "row " + (SEV[r[1]] || ""));
    var rule = D.rules[r[2]];
    if (D.severities) tr.appendChild(el("td", "sev " + SEV[r[1]], L.severities[r[1]]));
    for (var k = 3; k < r.length; ++k) tr.appendChild(el("td", "", r[k]));
    var td = el("td", "rule", rule[0]);
    td.title = rule[1];
    tr.appendChild(td);
    if (D.cite) tr.appendChild(el("td", "cite", rule[2]));
    return tr;
  }
  function visible(o) { return o.n[0] > 0 || (!filtering() && D.showEmpty); }
  function filtering() { return F.sev || F.family || F.rule >= 0 || F.text; }
  function redraw(o) {
    var old = o.el;
    old.parentNode.replaceChild(node(o), old);
  }
  function drawTree() {
    var tree = $("tree");
    tree.textContent = "";
    roots.forEach(function (o) { if (visible(o)) tree.appendChild(node(o)); });
    if (!tree.firstChild) tree.appendChild(el("p", "none", L.none));
  }
  function setOpen(open, depth) {
    orgs.forEach(function (o) {
      var d = 0;
      for (var p = o; p.parent >= 0; p = orgs[p.parent]) ++d;
      o.open = open && (depth === undefined || d < depth);
    });
    drawTree();
  }

  // ---- the summary: inline SVG bars ------------------------------------------------
  function bars(title, items, percent) {
    var box = el("div", "chart");
    box.appendChild(el("h3", "", title));
    var max = 0;
    items.forEach(function (it) { max = Math.max(max, it[1]); });
    if (percent) max = 100;
    var h = 22, w = 420, lw = 150, svgns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgns, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + (items.length * h + 4));
    svg.setAttribute("width", "100%");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", title);
    items.forEach(function (it, k) {
      var y = k * h + 2;
      var label = document.createElementNS(svgns, "text");
      label.setAttribute("x", lw - 6); label.setAttribute("y", y + 15); label.setAttribute("text-anchor", "end");
      label.textContent = it[0].length > 10 ? it[0].slice(0, 9) + "…" : it[0];  // CJK: about 14 px a character
      var tip = document.createElementNS(svgns, "title"); tip.textContent = it[0] + ": " + it[1] + (percent ? "%" : "");
      label.appendChild(tip);
      svg.appendChild(label);
      var bar = document.createElementNS(svgns, "rect");
      bar.setAttribute("x", lw); bar.setAttribute("y", y + 3);
      bar.setAttribute("width", max ? Math.max(1, (w - lw - 60) * it[1] / max) : 1);
      bar.setAttribute("height", h - 8);
      bar.setAttribute("class", "bar " + (it[2] || ""));
      svg.appendChild(bar);
      var value = document.createElementNS(svgns, "text");
      value.setAttribute("x", lw + (max ? (w - lw - 60) * it[1] / max : 0) + 6); value.setAttribute("y", y + 15);
      value.textContent = it[1] + (percent ? "%" : "");
      svg.appendChild(value);
    });
    box.appendChild(svg);
    return box;
  }
  // The statistics page's summary, from the scope's figures.
  function statsSummary(s) {
    var t = D.total;
    s.appendChild(el("p", "totals", L.full + " " + t[0][0] + " · " + L.probationary + " " + t[0][1] + " · " + L.lost + " " + t[0][2] +
        " · " + L.paidYuan + " " + t[2][3] + " · " + L.unpaidYuan + " " + t[2][4]));
    var charts = el("div", "charts");
    charts.appendChild(bars(L.members, [[L.full, t[0][0]], [L.probationary, t[0][1]], [L.lost, t[0][2], "VIOLATION"]]));
    var held = [], periods = [];
    D.kinds.forEach(function (k, i) {
      held.push([k + " " + L.held, t[1][i][0], "clean"], [k + " " + L.owed, t[1][i][1]]);
      periods.push([k + " " + L.met, t[1][i][2], "clean"], [k + " " + L.due, t[1][i][3]]);
    });
    charts.appendChild(bars(L.heldOwed, held));
    charts.appendChild(bars(L.periods, periods));
    charts.appendChild(bars(L.dues, [[L.paid, t[2][0], "clean"], [L.owing, t[2][1]], [L.unpaid, t[2][2], "VIOLATION"]]));
    s.appendChild(charts);
  }
  function drawSummary() {
    var s = $("summary");
    if (D.kind === "stats") return statsSummary(s);
    var bySev = [0, 0, 0, 0], byFamily = {}, byRule = {};
    D.rows.forEach(function (r) {
      bySev[r[1]]++;
      var f = familyOf(D.rules[r[2]][0]);
      byFamily[f] = (byFamily[f] || 0) + 1;
      byRule[r[2]] = (byRule[r[2]] || 0) + 1;
    });
    var line = el("p", "totals", L.total.replace("{total}", D.rows.length));
    s.appendChild(line);
    var charts = el("div", "charts");
    if (D.severities) charts.appendChild(bars(L.bySeverity, [1, 2, 3].map(function (k) { return [L.severities[k], bySev[k], SEV[k]]; })));
    charts.appendChild(bars(L.byFamily, Object.keys(byFamily).sort(function (a, b) { return byFamily[b] - byFamily[a]; })
        .map(function (f) { return [familyName(f), byFamily[f]]; })));
    charts.appendChild(bars(L.topRules, Object.keys(byRule).sort(function (a, b) { return byRule[b] - byRule[a]; }).slice(0, 10)
        .map(function (k) { return [D.rules[k][1] || D.rules[k][0], byRule[k]]; })));
    // Per committee: the share of the orgs of its subtree without a violation.
    var broken = {};
    D.rows.forEach(function (r) { if (r[1] === 1 || !D.severities) broken[r[0]] = 1; });
    var shares = [];
    D.committees.forEach(function (c) {
      var o = orgs[c], total = 0, clean = 0, stack = o.kids.slice();
      while (stack.length) {
        var k = stack.pop();
        ++total;
        if (!broken[k.i]) ++clean;
        Array.prototype.push.apply(stack, k.kids);
      }
      if (total) shares.push([o.name, Math.round(1000 * clean / total) / 10, "clean"]);
    });
    if (shares.length) charts.appendChild(bars(L.cleanShare, shares.slice(0, 30), true));
    s.appendChild(charts);
    if (D.ranking) s.appendChild(ranking());
  }
  function ranking() {
    var box = el("div", "ranking");
    box.appendChild(el("h3", "", L.ranking));
    var t = el("table", "rows");
    var h = el("tr");
    L.rankingColumns.forEach(function (c) { h.appendChild(el("th", "", c)); });
    t.appendChild(h);
    D.ranking.forEach(function (r) {
      var tr = el("tr", r[6] ? "bottom" : "");
      [String(r[1]) + "/" + r[2], orgs[r[0]] ? path(orgs[r[0]]) : "", r[3], r[4], r[5]].forEach(function (c) { tr.appendChild(el("td", "", String(c))); });
      t.appendChild(tr);
    });
    box.appendChild(t);
    return box;
  }

  // ---- the filter bar ----------------------------------------------------------------
  function option(select, value, text) { var o = el("option", "", text); o.value = value; select.appendChild(o); }
  function drawFilters() {
    var sev = $("f-sev"), fam = $("f-family"), rule = $("f-rule");
    option(sev, "0", L.all);
    if (D.severities) [1, 2, 3].forEach(function (k) { option(sev, String(k), L.severities[k]); });
    else sev.disabled = true;
    option(fam, "", L.all);
    if (D.families === false) fam.parentNode.style.display = "none";  // the statistics: a kind of meeting is the "rule"
    Object.keys(families).sort().forEach(function (f) { option(fam, f, familyName(f)); });
    option(rule, "-1", L.all);
    D.rules.forEach(function (r, k) { option(rule, String(k), r[0]); });
    var apply = function () {
      F.sev = +sev.value; F.family = fam.value; F.rule = +rule.value;
      F.text = $("f-text").value.trim().toLowerCase();
      count();
      if (filtering()) setOpen(true, 1); else drawTree();
    };
    sev.onchange = fam.onchange = rule.onchange = apply;
    var timer = 0;
    $("f-text").oninput = function () { clearTimeout(timer); timer = setTimeout(apply, 150); };
    $("expand").onclick = function () { setOpen(true); };
    $("collapse").onclick = function () { setOpen(false); };
    window.addEventListener("beforeprint", function () { setOpen(true); });
  }

  drawFilters();
  count();
  drawSummary();
  setOpen(true, 1);
  window.dangjianReport = {apply: function () { $("f-sev").onchange(); }, orgs: orgs};
})();
