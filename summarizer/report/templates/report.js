// Links facts and their evidence quotes. Reads ids only; never writes markup.
(function () {
  "use strict";
  var node = document.getElementById("report-data");
  var data = node ? JSON.parse(node.textContent || "{}") : {};
  var facts = data.facts || {};

  function clear() {
    document.querySelectorAll(".active, .selected, .raised").forEach(function (el) {
      el.classList.remove("active", "selected", "raised");
    });
  }

  function openAround(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
    }
  }

  function markQuote(fact, qid) {
    var mark = document.getElementById(qid);
    var chip = fact ? fact.querySelector('[data-quote="' + qid + '"]') : null;
    if (chip) { chip.classList.add("active"); }
    if (mark) {
      mark.classList.add("active");
      if (mark.parentElement) { mark.parentElement.classList.add("raised"); }
    }
    return mark;
  }

  function selectFact(factId, quoteId) {
    var fact = document.getElementById(factId);
    if (!fact) { return; }
    clear();
    openAround(fact);
    fact.classList.add("selected");
    var ids = quoteId ? [quoteId] : (facts[factId] || []);
    var first = null;
    ids.forEach(function (qid) {
      var mark = markQuote(fact, qid);
      if (mark && !first) { first = mark; }
    });
    if (first) { first.scrollIntoView({ block: "center", inline: "nearest" }); }
    say(first ? "" : "None of this fact's quotes was found in the article.");
  }

  var status = document.getElementById("status");
  function say(text) { if (status) { status.textContent = text; status.hidden = !text; } }

  // Quotes overlap: every quote under the pointer is reachable, repeated clicks cycle through them.
  var lastStack = "", lastIndex = 0;
  function pickAt(x, y, fallback) {
    var stack = document.elementsFromPoint(x, y).filter(function (el) { return el.matches("mark.q"); });
    if (stack.length < 2) { lastStack = ""; return fallback; }
    var key = stack.map(function (el) { return el.id; }).sort().join(" ");
    lastIndex = key === lastStack ? (lastIndex + 1) % stack.length : 0;
    lastStack = key;
    return stack[lastIndex];
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var mark = target.closest("mark.q");
    if (mark) {
      mark = pickAt(event.clientX, event.clientY, mark);
      var factId = mark.getAttribute("data-fact");
      clear();
      var fact = document.getElementById(factId);
      if (fact) {
        fact.classList.add("selected");
        markQuote(fact, mark.id);
        fact.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    var link = target.closest("a.fact-link");
    if (link) {
      event.preventDefault();
      selectFact(link.getAttribute("data-target"), null);
      var linked = document.getElementById(link.getAttribute("data-target"));
      if (linked) { linked.scrollIntoView({ block: "nearest" }); }
      return;
    }
    var chip = target.closest("li.quote[data-quote]");
    var factEl = target.closest("li.fact");
    if (factEl && factEl.hasAttribute("tabindex")) {
      selectFact(factEl.id, chip ? chip.getAttribute("data-quote") : null);
    }
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.key === "Enter" || event.key === " ") && el instanceof Element && el.matches("li.fact[tabindex]")) {
      event.preventDefault();
      selectFact(el.id, null);
    }
  });

  // Batch viewer: filters hide rows (attributes only); a row shows its article's view.
  var table = document.getElementById("batch-table");
  if (table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr.row"));
    var byId = function (id) { return document.getElementById(id); };
    var applyFilters = function () {
      var flags = Array.prototype.slice.call(document.querySelectorAll("#filters input[data-flag]:checked"))
        .map(function (el) { return el.getAttribute("data-flag"); });
      var country = byId("f-country").value, type = byId("f-type").value, ev = byId("f-event").value;
      var from = byId("f-from").value, to = byId("f-to").value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = flags.every(function (f) { return row.dataset[f] === "1"; });
        if (ok && country) { ok = row.dataset.countries.indexOf("|" + country + "|") !== -1; }
        if (ok && type) { ok = row.dataset.types.indexOf("|" + type + "|") !== -1; }
        if (ok && ev) { ok = row.dataset.events.indexOf("|" + ev + "|") !== -1; }
        if (ok && (from || to)) {
          ok = (row.dataset.dates || "").split(" ").some(function (d) {
            return d && (!from || d >= from) && (!to || d <= to);
          });
        }
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      byId("shown").textContent = shown + " of " + rows.length + " articles";
      arrange();
    };
    // "group by event": rows ordered by their first event, so an event's articles sit together.
    var body = table.tBodies[0];
    var arrange = function () {
      var grouped = byId("f-group").checked;
      var order = rows.map(function (row, n) { return { row: row, n: n }; });
      if (grouped) {
        order.sort(function (a, b) {
          return (Number(a.row.dataset.eventOrder) - Number(b.row.dataset.eventOrder)) || (a.n - b.n);
        });
      }
      order.forEach(function (o) { body.appendChild(o.row); });
    };
    byId("filters").addEventListener("input", applyFilters);
    byId("filters").addEventListener("change", applyFilters);
    var current = null;
    var openRow = function (row) {
      var view = byId(row.getAttribute("data-target"));
      if (!view) { return; }
      if (current) { current.hidden = true; }
      rows.forEach(function (r) { r.classList.remove("current"); });
      row.classList.add("current");
      view.hidden = false;
      current = view;
      view.scrollIntoView({ block: "start" });
    };
    table.addEventListener("click", function (event) {
      var row = event.target instanceof Element ? event.target.closest("tr.row") : null;
      if (row) { openRow(row); }
    });
    table.addEventListener("keydown", function (event) {
      var row = event.target instanceof Element ? event.target.closest("tr.row") : null;
      if (row && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); openRow(row); }
    });
  }
})();
