// The live feed: GET /v1/events/stream read through fetch with the token,
// newest event first. The global log is for admin and auditor tokens; other
// tokens are told so (their cohort pages follow the projections instead).
"use strict";
(function (L) {
  const { h, t } = L;
  const KEEP = 200;

  function streamLink(stream) {
    if (stream.startsWith("participant-")) return h("a", { href: "#/participant/" + stream.slice(12) }, stream);
    if (stream.startsWith("cohort-") && L.may.cohorts()) return h("a", { href: "#/cohort/" + encodeURIComponent(stream.slice(7)) }, stream);
    return stream;
  }

  L.route(/^\/feed$/, async function (main) {
    main.replaceChildren(h("h1", null, t("feed.title")));
    if (!L.may.feed()) {
      main.append(h("p", null, t("feed.forbidden")));
      return;
    }
    const state = h("p", { class: "live small", id: "feed-state", role: "status" }, t("loading"));
    const body = h("tbody");
    main.append(h("p", { class: "muted" }, t("feed.help")), state, h("div", { class: "scroll" }, h("table", { class: "data", id: "feed" },
      h("caption", { class: "visually-hidden" }, t("feed.caption")),
      h("thead", null, h("tr", null, ["feed.position", "feed.time", "feed.type", "feed.stream", "feed.actor"].map((k) => h("th", { scope: "col" }, t(k))))),
      body)));
    // Start a little before the head, so the page is not empty.
    const head = (await L.api("/v1/cohorts?limit=1")).position;
    const stop = new AbortController();
    L.onLeave(() => stop.abort());
    L.stream(Math.max(0, head - 30), stop.signal, (ev) => {
      body.prepend(h("tr", { "data-position": ev.position, class: ev.position > head ? "flash" : null },
        h("td", { class: "num" }, String(ev.position)), h("td", null, L.time(ev.recorded_at)),
        h("td", null, h("strong", null, ev.type)), h("td", null, streamLink(ev.stream)),
        h("td", null, `${ev.metadata.actor || ""} (${ev.metadata.role || ""})`)));
      while (body.children.length > KEEP) body.lastChild.remove();
    }, (s, n) => { state.textContent = s === "connected" ? t("feed.connected", { n }) : t("feed.reconnecting"); });
  });
})(window.Latsar = window.Latsar || {});
