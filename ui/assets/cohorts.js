// The cohorts page: GET /v1/cohorts with its filters, one row per cohort
// with its phase, roster size and participants by outcome; and a look-up
// of a participant by NIP (the way in for agency tokens).
"use strict";
(function (L) {
  const { h, t } = L;
  const PHASES = ["upcoming", "mooc", "running", "ended", "decided"];
  const OUTCOMES = ["lulus", "ditunda", "tidak_lulus", "incomplete"];

  function lookup() {
    const input = h("input", { id: "lookup-nip", name: "nip", inputmode: "numeric", autocomplete: "off", pattern: "[0-9 ]{18,21}", required: true });
    return h("form", {
      class: "lookup", "aria-labelledby": "lookup-title",
      onsubmit: (e) => { e.preventDefault(); L.go("#/participant/" + input.value.replace(/\s/g, "")); },
    },
    h("h2", { id: "lookup-title" }, t("lookup.title")),
    h("label", { for: "lookup-nip" }, t("lookup.nip")), input,
    h("button", { type: "submit" }, t("lookup.go")));
  }

  function outcomeCell(o) {
    return h("td", { class: "outcomes" }, OUTCOMES.map((k) =>
      h("span", { class: "pill " + k, title: t("outcome." + k) }, t("outcome." + k) + " " + o[k])),
    o.decided ? h("span", { class: "muted small" }, ` (${o.decided} ${t("outcome.decided")})`) : null);
  }

  function row(c) {
    return h("tr", { "data-cohort": c.cohort_id },
      h("th", { scope: "row" }, h("a", { href: "#/cohort/" + encodeURIComponent(c.cohort_id) }, c.name), h("div", { class: "muted small" }, c.cohort_id)),
      h("td", null, c.institution_id),
      h("td", null, h("span", { class: "phase " + c.phase }, t("phase." + c.phase))),
      h("td", { class: "nowrap" }, L.date(c.starts_on) + " – " + L.date(c.ends_on)),
      h("td", { class: "num", "data-roster": c.roster_size }, `${c.roster_size} / ${c.capacity}`),
      outcomeCell(c.outcomes));
  }

  L.route(/^\/$/, async function (main, _, params) {
    main.replaceChildren(h("h1", null, t("cohorts.title")));
    if (!L.may.cohorts()) {
      main.append(h("p", null, t("cohorts.forbidden")), lookup());
      return;
    }
    const q = new URLSearchParams();
    for (const k of ["institution_id", "phase", "year"]) if (params.get(k)) q.set(k, params.get(k));

    const field = (name, label, control) => h("div", { class: "field" }, h("label", { for: "f-" + name }, label), control);
    const inst = h("input", { id: "f-institution_id", name: "institution_id", value: params.get("institution_id") || "", autocomplete: "off" });
    const phase = h("select", { id: "f-phase", name: "phase" }, h("option", { value: "" }, t("cohorts.any")),
      PHASES.map((p) => h("option", { value: p, selected: params.get("phase") === p }, t("phase." + p))));
    const year = h("input", { id: "f-year", name: "year", type: "number", min: 2000, max: 2100, value: params.get("year") || "" });
    const filters = h("form", {
      class: "filters", "aria-label": t("cohorts.filters"),
      onsubmit: (e) => {
        e.preventDefault();
        const next = new URLSearchParams();
        if (inst.value) next.set("institution_id", inst.value.trim());
        if (phase.value) next.set("phase", phase.value);
        if (year.value) next.set("year", year.value);
        L.go("#/?" + next);
      },
    }, L.me.role === "lms" ? null : field("institution_id", t("cohorts.institution"), inst),
    field("phase", t("cohorts.phase"), phase), field("year", t("cohorts.year"), year),
    h("button", { type: "submit" }, t("cohorts.apply")));

    const body = h("tbody");
    const table = h("table", { class: "data", id: "cohorts" },
      h("caption", { class: "visually-hidden" }, t("cohorts.caption")),
      h("thead", null, h("tr", null, ["col.cohort", "col.institution", "col.phase", "col.dates", "col.roster", "col.outcomes"].map((k) => h("th", { scope: "col" }, t(k))))),
      body);
    const more = h("button", { type: "button", class: "secondary", hidden: true }, t("cohorts.more"));
    const empty = h("p", { class: "muted", hidden: true }, t("cohorts.none"));
    main.append(filters, h("div", { class: "scroll" }, table), empty, more, lookup());

    let cursor = "";
    async function page() {
      const p = new URLSearchParams(q);
      p.set("limit", "50");
      if (cursor) p.set("cursor", cursor);
      const res = await L.get("/v1/cohorts?" + p);
      body.append(...res.items.map(row));
      cursor = res.next_cursor || "";
      more.hidden = !cursor;
      empty.hidden = body.children.length > 0;
    }
    more.addEventListener("click", () => page().catch((e) => main.append(L.errorBox(e))));
    await page();
  });
})(window.Latsar = window.Latsar || {});
