// A participant's page: "why this score" from GET …/standing?explain=true
// (trophies and stars against each minimum, the attitude band, posttest
// attempts against their caps, attendance against each limit, components,
// aspects and final with every weight, the decision with its rules), the
// documents, and the audit timeline; any past moment with as_of.
"use strict";
(function (L) {
  const { h, t } = L;

  const section = (id, title, ...body) => h("section", { class: "panel", id, "aria-labelledby": id + "-h" }, h("h2", { id: id + "-h" }, title), body);
  const rules = (xs) => h("span", { class: "rules" }, xs.map((r) => h("code", null, r)));
  const sep = () => (L.lang() === "en" ? ", " : "; ");
  // rounded writes an exact value and, when it had more places, the
  // half-up result: "84,751 → 84,75".
  const rounded = (exact, v) => (exact === Number(v).toFixed(2) ? L.num(v) : L.exact(exact) + " → " + L.num(v));

  function minimumLabel(m) {
    if (!m.material) return t("p.minimum.total");
    return t(m.from_agenda === m.to_agenda ? "p.minimum.in" : "p.minimum.of", { material: t("material." + m.material), from: m.from_agenda, to: m.to_agenda });
  }

  function trophies(x) {
    const tr = x.trophies;
    const chart = L.barsChart(t("p.trophies.chart"), tr.minimums.map((m) => ({
      label: `${m.rule} ${m.material ? t("material." + m.material) : t("p.minimum.short")}`, value: m.count, mark: m.required, ok: m.met, text: `${m.count}/${m.required}`,
    })));
    chart.id = "trophies-chart";
    const list = h("ul", { class: "checks", id: "minimums" }, tr.minimums.map((m) => h("li", { class: m.met ? "hit-ok" : "hit-bad", "data-rule": m.rule },
      h("strong", null, m.rule), " ", t("p.minimum", { what: minimumLabel(m), count: m.count, required: m.required }),
      m.offered ? h("span", { class: "small muted" }, " (" + t("p.minimum.share", { percent: m.percent, offered: m.offered }) + ")") : null,
      " — ", h("span", { class: m.met ? "ok-text" : "bad-text" }, t(m.met ? "p.met" : "p.missed")))));
    const agendas = [0, 1, 2, 3, 4];
    const grid = h("table", { class: "data compact" }, h("caption", null, t("p.grid")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, ""), agendas.map((a) => h("th", { scope: "col" }, t("p.agenda", { n: a }))))),
      h("tbody", null, ["kebijakan", "substansi_1", "substansi_2"].map((mat) => h("tr", null, h("th", { scope: "row" }, t("material." + mat)),
        agendas.map((a) => {
          const c = tr.by_material_agenda.find((c) => c.material === mat && c.agenda === a);
          return h("td", { class: "num" }, c ? `${c.earned} / ${c.offered}` : t("none"));
        })))));
    const st = tr.stars;
    const stars = h("p", { class: "stars", id: "stars" },
      h("span", { "aria-hidden": "true", class: "star-glyphs" }, "★".repeat(st.full) + "½".repeat(st.half)),
      " ", t("p.stars", st), ". ", t("p.max", { max: tr.max }), ".");
    return section("trophies", t("p.trophies") + ` — ${tr.total}`, chart, list, stars, h("div", { class: "scroll" }, grid));
  }

  function attitude(x) {
    const a = x.attitude_from_trophies;
    let body;
    if (a.score === null) {
      body = h("p", null, a.unmet_rules.length ? t("p.attitude.none", { rules: a.unmet_rules.join(", ") }) : t("p.attitude.noband"));
    } else {
      const b = a.band;
      const formula = b.from_trophies === b.to_trophies ? `${a.total} → ${L.num(a.score)}` :
        `${L.num(b.lowest)} + (${L.num(b.highest)} − ${L.num(b.lowest)}) × (${a.total} − ${b.from_trophies}) / (${b.to_trophies} − ${b.from_trophies}) = ${rounded(a.exact, a.score)}`;
      body = [h("p", null, t("p.attitude.band", { total: a.total, from: b.from_trophies, to: b.to_trophies, lowest: L.num(b.lowest), highest: L.num(b.highest) })),
        h("p", { class: "formula", id: "attitude-formula" }, formula)];
    }
    return section("attitude", t("p.attitude"), body);
  }

  function posttest(x) {
    const p = x.posttest;
    const items = [];
    if (!p.attempts.length) items.push(h("p", { class: "muted" }, t("p.posttest.none")));
    else {
      const chart = L.attemptsChart(t("p.posttest.chart"), p.attempts, p.passing_grade);
      chart.id = "attempts-chart";
      items.push(chart, h("div", { class: "scroll" }, h("table", { class: "data", id: "attempts" },
        h("thead", null, h("tr", null, [t("p.attempt"), t("feed.time"), "S1", "S2", t("p.weighted"), t("p.cap"), t("p.capped")].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", null, p.attempts.map((a) => h("tr", { class: a.best ? "best" : null },
          h("th", { scope: "row" }, "#" + a.attempt_number, a.best ? h("span", { class: "pill lulus small" }, t("p.best")) : null),
          h("td", null, L.time(a.taken_at)),
          h("td", { class: "num" }, L.num(a.substansi_1_score)), h("td", { class: "num" }, L.num(a.substansi_2_score)),
          h("td", { class: "formula" }, `(70 × ${L.num(a.substansi_1_score)} + 30 × ${L.num(a.substansi_2_score)}) / 100 = ${rounded(a.exact, a.weighted_score)}`),
          h("td", { class: "num" }, L.num(a.cap)),
          h("td", { class: "num formula" }, `min(${L.num(a.weighted_score)}${sep()}${L.num(a.cap)}) = ${L.num(a.capped_score)}`)))))));
    }
    items.push(h("p", { id: "posttest-result" }, t("p.result", { result: L.num(p.result), passing: L.num(p.passing_grade), passed: t(p.passed ? "p.met" : "p.missed") })),
      h("p", { class: "small muted" }, t("p.caps")));
    const m = x.mooc;
    items.push(h("p", { id: "mooc-status", class: m.passed ? "ok-text" : "bad-text" }, m.passed ? t("p.mooc.passed") : t("p.mooc.unmet", { rules: m.unmet_rules.join(", ") })));
    return section("posttest", t("p.posttest"), items);
  }

  function attendance(x) {
    const a = x.attendance;
    const meters = h("div", { class: "meters", id: "limits" }, a.limits.map((l) => {
      const label = t("p.limit", { absent: l.absent, measure: t("measure." + l.measure), limit: l.limit }) + (l.broken ? " — " + t("p.broken") : "");
      return L.meter(label, l.absent, l.limit, l.broken);
    }));
    const list = a.absences.length ? h("table", { class: "data compact" }, h("caption", null, t("p.absences")),
      h("tbody", null, a.absences.map((s) => h("tr", null, h("th", { scope: "row" }, L.date(s.date)), h("td", null, s.session_id), h("td", null, s.mode), h("td", { class: "num" }, s.jp + " JP"))))) :
      h("p", { class: "muted" }, t("p.absences.none"));
    return section("attendance", t("p.attendance"), meters, list);
  }

  function components(x) {
    const source = (c) => c.source === "remedial" ? t("source.remedial", { replaced: L.num(c.replaced) }) : t("source." + c.source);
    return section("components", t("p.components"), h("div", { class: "scroll" }, h("table", { class: "data", id: "components-table" },
      h("thead", null, h("tr", null, [t("p.component"), t("p.weight"), t("p.score"), t("p.source"), t("col.rules")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, x.components.map((c) => h("tr", { "data-component": c.component },
        h("th", { scope: "row" }, t("comp." + c.component), h("div", { class: "small muted" }, t("aspect." + c.aspect))),
        h("td", { class: "num" }, c.weight + "%"), h("td", { class: "num" }, L.num(c.score)), h("td", null, source(c)), h("td", null, rules(c.rules))))))));
  }

  function weighted(w) {
    const name = t("aspect." + w.of);
    let line;
    if (w.score === null) {
      line = h("p", { class: "muted" }, t("p.missing", { what: w.missing.map((c) => t("comp." + c)).join(", ") }));
    } else {
      line = h("p", { class: "formula" }, `(${w.terms.map((x) => `${x.weight} × ${L.num(x.score)}`).join(" + ")}) / ${w.weight_sum} = ${rounded(w.exact, w.score)}`,
        " → ", h("strong", null, t("qual." + w.qualification)), h("span", { class: "small muted" }, ` (${L.num(w.band.from)}–${L.num(w.band.to)})`));
    }
    return h("div", { class: "weighted", "data-of": w.of }, h("h3", null, name), line);
  }

  function aspects(x) {
    const bands = h("table", { class: "data compact" }, h("caption", null, t("p.bands")),
      h("tbody", null, x.qualification_bands.map((b) => h("tr", null, h("th", { scope: "row" }, t("qual." + b.qualification)), h("td", { class: "num" }, `${L.num(b.from)}–${L.num(b.to)}`)))));
    return section("aspects", t("p.aspects"), x.aspects.map(weighted), h("div", { class: "final", id: "final" }, weighted(x.final)), bands);
  }

  function decision(x) {
    const o = x.outcome;
    const head = o.status === "decided" ? t("p.decision.decided", { ref: o.meeting_ref, on: L.date(o.decided_on) }) : t("p.decision.provisional");
    const checks = h("ol", { class: "checks", id: "checks" }, o.checks.map((c) => {
      const subject = c.subject ? t((c.test.startsWith("component") ? "comp." : "aspect.") + c.subject) : "";
      const value = c.value ? (c.test === "component_below_passing_grade" ? L.exact(c.value) : t("qual." + c.value)) : "";
      const key = "check." + c.test + (c.hit ? ".hit" : ".miss");
      return h("li", { class: c.hit ? "hit" : "miss" }, h("code", null, c.rule), " ", t(key, { subject, value }));
    }));
    const awards = o.awards.length ? h("p", null, t("p.awards", { awards: o.awards.map((a) => t("award." + a.kind) + (a.rank ? ` (${t("p.rank", { rank: a.rank })})` : "")).join(", ") })) : null;
    return section("decision", t("p.decision"),
      h("p", null, head),
      h("p", { class: "outcome-line" }, h("span", { class: "pill big " + o.result, id: "outcome" }, t("outcome." + o.result)), " ", t("p.decision.rules", { rules: "" }), rules(o.rules)),
      awards, h("h3", null, t("p.checks")), checks);
  }

  async function documents(nip) {
    const box = section("documents", t("p.documents"));
    if (!(await L.config()).documents) {
      box.append(h("p", { class: "muted" }, t("p.documents.pending")));
      return box;
    }
    const res = await L.get(`/v1/participants/${nip}/documents`);
    const docs = Array.isArray(res) ? res : (res.documents || res.items || []);
    box.append(docs.length ? h("ul", null, docs.map((d) => h("li", null, t("award." + d.kind), " ", h("code", null, d.number), " — ",
      h("a", { href: "/verify/" + encodeURIComponent(d.number) }, t("p.documents.verify"))))) : h("p", { class: "muted" }, t("p.documents.none")));
    return box;
  }

  async function audit(nip) {
    const box = section("audit", t("p.audit"));
    if (!L.may.audit()) {
      box.append(h("p", { class: "muted" }, t("p.audit.forbidden", { role: t("role." + L.me.role) })));
      return box;
    }
    const trail = await L.get(`/v1/participants/${nip}/audit`);
    box.append(h("ol", { class: "timeline", id: "timeline" }, trail.entries.map((e) => h("li", null,
      h("div", { class: "when" }, h("time", { datetime: e.recorded_at }, L.time(e.recorded_at)), " · ", h("strong", null, e.type),
        " ", h("span", { class: "small muted" }, t("p.audit.by", { actor: e.actor, role: e.role }) + " · #" + e.position)),
      changes(e.changes),
      e.rules.length ? h("div", null, rules(e.rules)) : null,
      h("a", { href: `#/participant/${nip}?at=${e.position}`, class: "small" }, t("p.audit.view"))))));
    return box;
  }

  // changes lists what an event changed (before → after): the first two,
  // the rest behind a disclosure (a trophy changes a dozen counts).
  function changes(cs) {
    if (!cs.length) return h("p", { class: "small muted" }, t("p.audit.none"));
    const item = (c) => h("li", null, h("code", null, c.field), ": ", fmtValue(c.before), " → ", h("strong", null, fmtValue(c.after)));
    const list = h("ul", { class: "changes" }, cs.slice(0, 2).map(item));
    if (cs.length <= 2) return list;
    return [list, h("details", { class: "more" }, h("summary", null, t("p.audit.more", { n: cs.length - 2 })), h("ul", { class: "changes" }, cs.slice(2).map(item)))];
  }

  function fmtValue(v) {
    if (v === null || v === undefined) return t("none");
    if (typeof v === "number" && !Number.isInteger(v)) return L.num(v);
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }

  function asOfForm(nip, params) {
    const input = h("input", { type: "datetime-local", id: "asof", step: 1 });
    const at = params.get("as_of");
    if (at) {
      const d = new Date(at);
      input.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
    }
    return h("form", {
      class: "asof", onsubmit: (e) => {
        e.preventDefault();
        if (input.value) L.go(`#/participant/${nip}?as_of=` + encodeURIComponent(new Date(input.value).toISOString()));
      },
    }, h("label", { for: "asof" }, t("p.asof")), input, h("button", { type: "submit" }, t("p.asof.show")),
    h("a", { href: `#/participant/${nip}`, class: "button secondary" }, t("p.asof.now")));
  }

  L.route(/^\/participant\/([0-9]+)$/, async function (main, [nip], params) {
    const past = params.get("as_of") ? "&as_of=" + encodeURIComponent(params.get("as_of")) : params.get("at") ? "&at_position=" + encodeURIComponent(params.get("at")) : "";
    const load = (minPosition) => L.api(`/v1/participants/${nip}/standing?explain=true` + past + (minPosition ? "&min_position=" + minPosition : ""));
    const first = await load();
    const body = h("div", { id: "explained" });

    function draw(st) {
      const x = st.explain;
      const outcome = st.outcome;
      body.replaceChildren(
        h("dl", { class: "facts" },
          h("dt", null, t("p.cohort")), h("dd", null, L.may.cohorts() ? h("a", { href: "#/cohort/" + encodeURIComponent(st.cohort_id) }, st.cohort_id) : st.cohort_id),
          h("dt", null, t("p.agency")), h("dd", null, st.agency),
          h("dt", null, t("p.institution")), h("dd", null, st.institution_id),
          h("dt", null, t("col.final")), h("dd", { id: "final-score" }, L.num(st.final.score), st.final.qualification ? " · " + t("qual." + st.final.qualification) : ""),
          h("dt", null, t("col.outcome")), h("dd", null, h("span", { class: "pill " + outcome.result }, t("outcome." + outcome.result)), " (" + t("status." + outcome.status) + ")")),
        h("div", { class: "grid-2" }, trophies(x), h("div", null, attitude(x), attendance(x))),
        posttest(x), components(x), aspects(x), decision(x));
    }

    const title = h("h1", null, first.body.name, h("span", { class: "muted small" }, " ·\u00a0" + nip));
    const banner = past ? h("p", { class: "banner", role: "status" }, t("p.asof.showing", {
      when: params.get("as_of") ? L.time(params.get("as_of")) : t("p.asof.position", { n: params.get("at") }),
    })) : null;
    draw(first.body);
    const extra = h("div");
    main.replaceChildren(...[title, asOfForm(nip, params), banner, body, extra].filter(Boolean));
    const [docs, trail] = await Promise.all([documents(nip).catch(L.errorBox), audit(nip).catch(L.errorBox)]);
    extra.replaceChildren(docs, trail);

    if (!past) {
      L.follow(first.position, (ev) => ev.stream === "participant-" + nip,
        async (signal) => (await L.api(`/v1/participants/${nip}/standing`, { signal })).body.position,
        async (pos) => {
          const next = await load(pos);
          draw(next.body);
          const tr = await audit(nip).catch(L.errorBox);
          extra.replaceChildren(extra.firstChild, tr);
        }, first.body.position);
    }
  });
})(window.Latsar = window.Latsar || {});
