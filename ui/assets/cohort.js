// A cohort's page: its facts, its participants' outcomes and final score
// distribution, the roster (MOOC progress, absences against R-ATT-2's
// limits, component and final scores, outcome, awards), the leaderboards,
// the graduation preview and the CSV export; numbers follow the log live.
"use strict";
(function (L) {
  const { h, t } = L;
  const COMPONENTS = ["attitude_institution", "attitude_agency", "academic_mooc", "academic_elearning",
    "actualization_design", "actualization_implementation", "pktbt"];
  const OUTCOMES = ["lulus", "ditunda", "tidak_lulus", "incomplete"];
  const QUALS = ["sangat_memuaskan", "memuaskan", "cukup_memuaskan", "kurang_memuaskan", "tidak_memuaskan"];
  const LIMITS = { sessions: 6, jp: 18, days: 2 }; // R-ATT-2, as every standing answers them

  // allSummaries reads every page of the cohort's standing summaries.
  async function allSummaries(id, minPosition) {
    let cursor = "", items = [], position = 0;
    do {
      const q = new URLSearchParams({ limit: "1000" });
      if (cursor) q.set("cursor", cursor);
      if (minPosition) q.set("min_position", String(minPosition));
      const res = await L.api(`/v1/cohorts/${encodeURIComponent(id)}/standings?` + q);
      items = items.concat(res.body.items);
      cursor = res.body.next_cursor || "";
      position = Math.max(position, res.position);
    } while (cursor);
    return { items, position };
  }

  function absencesCell(s) {
    const part = (n, limit, unit) => h("span", { class: n > limit ? "over" : null }, `${n}/${limit}${unit}`);
    return h("td", { class: "nowrap" + (s.attendance_limit_broken ? " broken" : ""), "data-col": "absences" },
      part(s.absent_sessions, LIMITS.sessions, ""), " · ", part(s.absent_jp, LIMITS.jp, " JP"), " · ", part(s.absent_days, LIMITS.days, ""));
  }

  function outcomeBadge(status, result) {
    return h("span", { class: "pill " + result }, t("outcome." + result),
      h("span", { class: "small" }, " (" + t("status." + status) + ")"));
  }

  function finalCell(score, qual) {
    return h("td", { class: "num", "data-col": "final" }, L.num(score),
      qual ? h("div", { class: "small muted" }, t("qual." + qual)) : null);
  }

  // row is one participant: the summary first, the standing's components
  // and awards when they have come.
  function row(s, st) {
    const comps = COMPONENTS.map((c) => h("td", { class: "num", "data-col": c },
      st ? L.num(st.components[c]) : h("span", { class: "muted", "aria-label": t("loading") }, "…")));
    const awards = st ? st.awards.map((a) => t("award." + a.kind) + (a.rank ? ` #${a.rank}` : "")).join(", ") : "…";
    return h("tr", { "data-nip": s.nip },
      h("th", { scope: "row" }, h("a", { href: "#/participant/" + s.nip }, s.name),
        h("div", { class: "nip muted" }, s.nip), h("div", { class: "small muted" }, s.agency)),
      h("td", { class: "num", "data-col": "trophies" }, String(s.trophies)),
      h("td", { class: "num", "data-col": "posttest" }, L.num(s.posttest_result)),
      h("td", { "data-col": "mooc" }, h("span", { class: s.mooc_passed ? "ok-text" : "muted" },
        s.mooc_passed ? "✓" : "✗", h("span", { class: "visually-hidden" }, " " + t(s.mooc_passed ? "cohort.mooc.passed" : "cohort.mooc.notpassed")))),
      absencesCell(s),
      comps,
      finalCell(s.final_score, s.final_qualification),
      h("td", { "data-col": "outcome" }, outcomeBadge(s.outcome_status, s.outcome)),
      h("td", { "data-col": "awards" }, awards || t("none")));
  }

  function rosterTable(items, standings) {
    const head = h("tr", null,
      h("th", { scope: "col" }, t("col.name") + " · " + t("col.nip")),
      h("th", { scope: "col" }, t("col.trophies")), h("th", { scope: "col" }, t("col.posttest")),
      h("th", { scope: "col" }, t("col.mooc")), h("th", { scope: "col" }, t("col.absences")),
      COMPONENTS.map((c) => h("th", { scope: "col" }, h("abbr", { title: t("comp." + c) }, t("abbr." + c)))),
      h("th", { scope: "col" }, t("col.final")), h("th", { scope: "col" }, t("col.outcome")), h("th", { scope: "col" }, t("col.awards")));
    return h("table", { class: "data roster", id: "roster" },
      h("caption", { class: "visually-hidden" }, t("cohort.roster.caption")),
      h("thead", null, head),
      h("tbody", null, items.map((s) => row(s, standings.get(s.nip)))));
  }

  function outcomesChart(items) {
    const counts = Object.fromEntries(OUTCOMES.map((k) => [k, 0]));
    let decided = 0;
    for (const s of items) { counts[s.outcome]++; if (s.outcome_status === "decided") decided++; }
    const bins = OUTCOMES.map((k) => ({ label: t("outcome." + k), value: counts[k], class: k }));
    const fig = L.columnsChart(t("cohort.outcomes"), bins);
    fig.id = "outcomes-chart";
    fig.append(h("p", { class: "small muted" }, `${decided} ${t("status.decided")}, ${items.length - decided} ${t("status.provisional")}`));
    return fig;
  }

  function distributionChart(items) {
    const counts = Object.fromEntries(QUALS.map((q) => [q, 0]));
    let none = 0;
    for (const s of items) { if (s.final_qualification) counts[s.final_qualification]++; else none++; }
    const rows = QUALS.map((q) => ({ label: t("qual." + q), value: counts[q], text: String(counts[q]), class: q }));
    rows.push({ label: t("qual.none"), value: none, text: String(none), class: "none" });
    const fig = L.barsChart(t("cohort.distribution"), rows);
    fig.id = "distribution-chart";
    return fig;
  }

  function board(title, rows, score) {
    return h("section", { class: "board", "aria-label": title }, h("h3", null, title),
      rows.length ? h("ol", null, rows.map((r) => h("li", { value: r.rank },
        h("a", { href: "#/participant/" + r.nip }, r.name), " ", h("span", { class: "num" }, score ? L.num(r.value) : L.int(r.value))))) :
        h("p", { class: "muted" }, t("none")));
  }

  function facts(v, items) {
    const dl = (pairs) => h("dl", { class: "facts" }, pairs.map(([k, val]) => [h("dt", null, k), h("dd", null, val)]));
    return dl([
      [t("col.institution"), v.institution_id],
      [t("cohort.dates"), L.date(v.starts_on) + " – " + L.date(v.ends_on)],
      [t("col.phase"), t("phase." + v.phase)],
      [t("cohort.capacity"), h("span", { id: "roster-size" }, `${items.length} / ${v.capacity}`)],
      [t("cohort.sessions"), String(v.sessions.length)],
      [t("cohort.deadline"), L.date(v.academic_remedial_deadline) + " / " + L.date(v.remedial_deadline)],
    ]);
  }

  async function preview(id, into) {
    const res = await L.get(`/v1/cohorts/${encodeURIComponent(id)}/graduation/preview`);
    const rows = res.decisions.map((d) => h("tr", null,
      h("td", { class: "nip" }, d.nip), h("th", { scope: "row" }, d.name),
      h("td", null, h("span", { class: "pill " + d.outcome }, t("outcome." + d.outcome))),
      h("td", null, d.rules.join(", ")),
      h("td", { class: "num" }, L.num(d.final.score)), h("td", { class: "num" }, d.rank ? String(d.rank) : t("none")),
      h("td", null, d.awards.map((a) => t("award." + a.kind)).join(", ") || t("none"))));
    into.replaceChildren(
      h("p", null, OUTCOMES.map((k) => h("span", { class: "pill " + k }, `${t("outcome." + k)} ${res.outcomes[k] || 0}`))),
      h("div", { class: "scroll" }, h("table", { class: "data", id: "preview" },
        h("thead", null, h("tr", null, ["col.nip", "col.name", "col.outcome", "col.rules", "col.final", "col.rank", "col.awards"].map((k) => h("th", { scope: "col" }, t(k))))),
        h("tbody", null, rows))));
  }

  async function downloadCSV(id) {
    const res = await L.api(`/v1/cohorts/${encodeURIComponent(id)}/standings`, { accept: "text/csv", raw: true });
    const url = URL.createObjectURL(res.body);
    const a = h("a", { href: url, download: `standings-${id}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  L.route(/^\/cohort\/([^/]+)$/, async function (main, [id]) {
    const enc = encodeURIComponent(id);
    const [view, sums] = await Promise.all([L.get("/v1/cohorts/" + enc), allSummaries(id)]);
    let items = sums.items, position = sums.position;
    const standings = new Map();

    const liveNote = h("p", { class: "live small", id: "live" });
    const summary = h("section", { class: "panel", "aria-labelledby": "summary-h" }, h("h2", { id: "summary-h" }, t("cohort.summary")));
    const charts = h("div", { class: "charts" });
    const details = h("p", { class: "small muted", "aria-live": "off", id: "details-progress" });
    let roster = rosterTable(items, standings);
    const rosterSection = h("section", { "aria-labelledby": "roster-h" },
      h("div", { class: "section-head" }, h("h2", { id: "roster-h" }, t("cohort.roster")),
        h("button", { type: "button", class: "secondary", id: "csv", onclick: () => downloadCSV(id).catch((e) => rosterSection.append(L.errorBox(e))) }, t("cohort.csv"))),
      details, h("div", { class: "scroll" }, roster));
    const boards = h("section", { class: "boards", "aria-labelledby": "boards-h" }, h("h2", { id: "boards-h" }, t("cohort.leaderboards")));
    const previewBody = h("div", null, h("p", { class: "muted" }, t("loading")));
    const previewBox = h("details", { class: "panel", id: "preview-box" },
      h("summary", null, h("h2", { class: "inline" }, t("cohort.preview"))),
      h("p", { class: "small muted" }, t("cohort.preview.help")), previewBody);
    previewBox.addEventListener("toggle", () => {
      if (previewBox.open) preview(id, previewBody).catch((e) => previewBody.replaceChildren(L.errorBox(e)));
    });
    summary.append(facts(view, items), charts);
    main.replaceChildren(h("h1", null, view.name, h("span", { class: "muted small" }, " ·\u00a0" + view.cohort_id)), liveNote, summary, rosterSection, boards, previewBox);
    performance.mark("roster-rendered");

    const drawCharts = () => charts.replaceChildren(outcomesChart(items), distributionChart(items));
    drawCharts();

    async function drawBoards(minPosition) {
      const q = minPosition ? "&min_position=" + minPosition : "";
      const [tr, fi] = await Promise.all([
        L.get(`/v1/cohorts/${enc}/leaderboard?board=trophies&limit=10` + q),
        L.get(`/v1/cohorts/${enc}/leaderboard?board=final&limit=10` + q)]);
      boards.replaceChildren(boards.firstChild, h("div", { class: "board-row" },
        board(t("cohort.lb.trophies"), tr.rows, false),
        board(t("cohort.lb.final"), fi.rows, true)));
    }

    const replaceRow = (s, flash) => {
      const old = roster.querySelector(`tr[data-nip="${s.nip}"]`);
      const fresh = row(s, standings.get(s.nip));
      if (flash) fresh.classList.add("flash");
      if (old) old.replaceWith(fresh);
      else roster.tBodies[0].append(fresh);
    };

    // The standings fill each row's components and awards; rows are
    // replaced a batch at a time, so a large roster is laid out a few times,
    // not once per participant.
    async function loadStandings(list, minPosition, flash) {
      let done = 0, queued = [], timer = null;
      const flush = () => {
        timer = null;
        for (const s of queued) replaceRow(s, flash);
        queued = [];
        if (!flash) details.textContent = done < list.length ? t("cohort.loading.details", { done, total: list.length }) : "";
      };
      await L.pool(list, 6, async (s) => {
        const q = minPosition ? "?min_position=" + minPosition : "";
        standings.set(s.nip, await L.get(`/v1/participants/${s.nip}/standing` + q));
        done++;
        queued.push(s);
        if (!timer) timer = setTimeout(flush, 100);
      });
      if (timer) { clearTimeout(timer); flush(); }
    }

    // refresh re-reads what changed up to position pos.
    let pending = null, busy = false;
    async function refresh(pos) {
      if (busy) { pending = Math.max(pending || 0, pos); return; }
      busy = true;
      try {
        const next = await allSummaries(id, pos);
        const before = new Map(items.map((s) => [s.nip, s.position]));
        const changed = next.items.filter((s) => before.get(s.nip) !== s.position);
        items = next.items;
        position = Math.max(position, next.position);
        for (const s of changed) replaceRow(s, true);
        document.getElementById("roster-size").textContent = `${items.length} / ${view.capacity}`;
        drawCharts();
        await Promise.all([loadStandings(changed, pos, true), drawBoards(pos)]);
        if (changed.length) L.announce(t("cohort.live.updated", { n: changed.length }));
      } finally {
        busy = false;
        if (pending) { const p = pending; pending = null; refresh(p); }
      }
    }

    const mode = L.follow(position,
      (ev) => ev.stream === "cohort-" + id || items.some((s) => "participant-" + s.nip === ev.stream),
      async (signal) => (await L.api("/v1/cohorts/" + enc, { signal })).position,
      (pos) => setTimeout(() => refresh(pos).catch(() => {}), 150));
    liveNote.textContent = t(mode === "sse" ? "cohort.live.sse" : "cohort.live.poll");

    await Promise.all([drawBoards(), loadStandings(items, position, false)]);
    roster.dataset.complete = "true";
    performance.mark("roster-complete");
  });
})(window.Latsar = window.Latsar || {});
