// Charts drawn as SVG by hand: a few bars say more than a library would
// weigh. Each is a figure with a caption and a text equivalent for screen
// readers (role="img" with a label); the numbers are also in the tables.
"use strict";
(function (L) {
  const { h, s } = L;
  let ids = 0;

  function figure(caption, label, svg) {
    const id = "chart-" + ++ids;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", id);
    svg.prepend(s("title", { id }, label));
    return h("figure", { class: "chart" }, svg, h("figcaption", null, caption));
  }

  // bars draws one horizontal bar per row ({label, value, mark, ok, text}):
  // the bar is the value, the tick the mark it is held against.
  L.barsChart = function (caption, rows) {
    const W = 560, row = 34, left = 200, right = 70;
    const max = Math.max(1, ...rows.map((r) => Math.max(r.value, r.mark || 0))) * 1.05;
    const x = (v) => left + (v / max) * (W - left - right);
    const svg = s("svg", { viewBox: `0 0 ${W} ${rows.length * row + 8}`, class: "bars" });
    rows.forEach((r, i) => {
      const y = i * row + 6;
      svg.append(
        s("text", { x: left - 8, y: y + 17, "text-anchor": "end", class: "label" }, r.label),
        s("rect", { x: left, y, width: Math.max(2, x(r.value) - left), height: 22, rx: 3, class: r.class || (r.ok ? "ok" : "warn") }),
        s("text", { x: x(r.value) + 6, y: y + 17, class: "value" }, r.text),
      );
      if (r.mark) {
        svg.append(s("line", { x1: x(r.mark), x2: x(r.mark), y1: y - 3, y2: y + 25, class: "mark" }));
      }
    });
    return figure(caption, caption + ": " + rows.map((r) => r.label + " " + r.text).join("; "), svg);
  };

  // attemptsChart draws each posttest attempt's weighted score as a bar,
  // the part above its cap hatched away, the cap as a dash and the passing
  // grade as a line across.
  L.attemptsChart = function (caption, attempts, passing) {
    const W = 560, H = 220, top = 12, bottom = 34, left = 36, gap = 14;
    const n = Math.max(attempts.length, 3);
    const bw = Math.min(60, (W - left - gap * (n + 1)) / n);
    const y = (v) => top + (1 - v / 100) * (H - top - bottom);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "attempts" });
    for (const v of [0, 50, 100]) {
      svg.append(s("line", { x1: left, x2: W, y1: y(v), y2: y(v), class: "grid" }),
        s("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(v)));
    }
    attempts.forEach((a, i) => {
      const x = left + gap + i * (bw + gap);
      svg.append(
        s("rect", { x, y: y(a.weighted_score), width: bw, height: y(0) - y(a.weighted_score), class: "over" }),
        s("rect", { x, y: y(a.capped_score), width: bw, height: y(0) - y(a.capped_score), class: a.best ? "ok" : "plain" }),
        s("line", { x1: x - 4, x2: x + bw + 4, y1: y(a.cap), y2: y(a.cap), class: "cap" }),
        s("text", { x: x + bw / 2, y: H - 16, "text-anchor": "middle", class: "axis" }, "#" + a.attempt_number),
        s("text", { x: x + bw / 2, y: y(a.capped_score) - 4, "text-anchor": "middle", class: "value" }, L.num(a.capped_score)),
      );
    });
    svg.append(s("line", { x1: left, x2: W, y1: y(passing), y2: y(passing), class: "passing" }),
      s("text", { x: W - 4, y: y(passing) - 4, "text-anchor": "end", class: "axis" }, L.num(passing)));
    const label = attempts.map((a) => `#${a.attempt_number}: ${L.num(a.weighted_score)} → ${L.num(a.capped_score)} (${L.t("p.cap")} ${L.num(a.cap)})`).join("; ");
    return figure(caption, caption + ": " + label, svg);
  };

  // columnsChart draws one column per bin ({label, value, class}).
  L.columnsChart = function (caption, bins) {
    const W = 560, H = 200, top = 18, bottom = 44, gap = 12;
    const max = Math.max(1, ...bins.map((b) => b.value));
    const bw = (W - gap * (bins.length + 1)) / bins.length;
    const y = (v) => top + (1 - v / max) * (H - top - bottom);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "columns" });
    bins.forEach((b, i) => {
      const x = gap + i * (bw + gap);
      svg.append(
        s("rect", { x, y: y(b.value), width: bw, height: Math.max(0, y(0) - y(b.value)), rx: 3, class: b.class || "plain" }),
        s("text", { x: x + bw / 2, y: y(b.value) - 4, "text-anchor": "middle", class: "value" }, String(b.value)),
        s("text", { x: x + bw / 2, y: H - 26, "text-anchor": "middle", class: "axis" }, b.label),
        b.sub ? s("text", { x: x + bw / 2, y: H - 10, "text-anchor": "middle", class: "axis" }, b.sub) : null,
      );
    });
    return figure(caption, caption + ": " + bins.map((b) => `${b.label} ${b.value}`).join("; "), svg);
  };

  // meter shows an absence count against its limit.
  L.meter = function (label, absent, limit, broken) {
    const fill = h("div", { class: "meter-fill" });
    fill.style.width = Math.min(100, (absent / Math.max(1, limit)) * 100) + "%"; // CSSOM: the CSP allows no style attribute
    return h("div", { class: "meter" + (broken ? " broken" : "") },
      h("div", { class: "meter-label" }, label),
      h("div", { class: "meter-track", role: "img", "aria-label": label }, fill));
  };
})(window.Latsar = window.Latsar || {});
