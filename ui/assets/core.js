// The dashboard's plumbing: building DOM nodes, the API client with the
// session's token, the router, and following what changes (the live feed
// for admin and auditor tokens, polling the projections for the others).
"use strict";
(function (L) {
  const SVG = "http://www.w3.org/2000/svg";

  function build(el, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "class") el.setAttribute("class", v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  // h builds an HTML element; text is always text, never markup.
  L.h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  // s builds an SVG element.
  L.s = (tag, attrs, ...children) => build(document.createElementNS(SVG, tag), attrs, children);

  // The token lives in this tab's session storage only.
  const TOKEN = "latsar.token";
  L.token = () => sessionStorage.getItem(TOKEN);
  L.setToken = (t) => (t ? sessionStorage.setItem(TOKEN, t) : sessionStorage.removeItem(TOKEN));

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || "HTTP " + status);
      this.status = status;
      this.problem = problem;
    }
  }
  L.ApiError = ApiError;

  // api fetches a /v1 path with the token. It answers {body, headers} or
  // throws an ApiError; a 401 ends the session.
  L.api = async function (path, opts) {
    opts = opts || {};
    const token = opts.token || L.token();
    if (!token) throw new ApiError(401, null); // signed out meanwhile: ask nothing
    const res = await fetch(path, {
      headers: { Authorization: "Bearer " + token, Accept: opts.accept || "application/json" },
      signal: opts.signal,
      cache: "no-store",
    });
    if (!res.ok) {
      let problem = null;
      try { problem = await res.json(); } catch (e) { /* not JSON */ }
      // A refused session ends, unless it ended already (an answer to a
      // request of a session signed out since).
      if (res.status === 401 && !opts.token && token === L.token()) L.signOut("signin.expired");
      throw new ApiError(res.status, problem);
    }
    const body = opts.raw ? await res.blob() : await res.json();
    return { body, headers: res.headers, position: Number(res.headers.get("X-Projection-Position") || 0) };
  };
  L.get = async (path, opts) => (await L.api(path, opts)).body;

  // me is who the token stands for ({role, institution_id, agency}).
  L.me = null;
  L.may = {
    cohorts: () => L.me && L.me.role !== "agency",
    feed: () => L.me && (L.me.role === "admin" || L.me.role === "auditor"),
    audit: () => L.me && L.me.role !== "dashboard",
  };

  // Routes: #/ (cohorts), #/cohort/ID, #/participant/NIP?as_of=…, #/feed.
  const routes = [];
  L.route = (pattern, render) => routes.push({ pattern, render });
  let leave = null; // what the current page stops when left
  L.onLeave = (f) => { const prev = leave; leave = () => { if (prev) prev(); f(); }; };

  L.parseHash = function () {
    const raw = location.hash.replace(/^#/, "") || "/";
    const [path, query] = raw.split("?");
    return { path, params: new URLSearchParams(query || "") };
  };
  L.go = (hash) => { location.hash = hash; };

  // leavePage stops what the page follows (streams, polls).
  L.leavePage = function () {
    if (leave) { const f = leave; leave = null; f(); }
  };

  L.render = async function () {
    L.leavePage();
    const main = document.getElementById("main");
    const { path, params } = L.parseHash();
    for (const r of routes) {
      const m = path.match(r.pattern);
      if (m) {
        main.replaceChildren(L.h("p", { class: "muted" }, L.t("loading")));
        try {
          await r.render(main, m.slice(1).map(decodeURIComponent), params);
        } catch (e) {
          if (e.status !== 401) main.replaceChildren(L.errorBox(e));
        }
        const h1 = main.querySelector("h1");
        if (h1) { h1.setAttribute("tabindex", "-1"); if (L.focusOnRender) h1.focus({ preventScroll: true }); }
        L.focusOnRender = true;
        return;
      }
    }
    L.go("#/");
  };

  L.errorBox = (e) => L.h("p", { class: "error", role: "alert" }, L.t("error", { detail: e.message || String(e) }));

  // announce says something to screen readers without moving focus.
  let announced = 0;
  L.announce = function (text) {
    const now = Date.now();
    if (now - announced < 5000) return; // not more than one message in 5 s
    announced = now;
    document.getElementById("announce").textContent = text;
  };

  // follow calls onChange(position) when the log moves past what the page
  // shows: through the live feed (admin, auditor) for the events after
  // position after that match, or for the other tokens by probing a
  // projection every 3 s for a position past baseline (default after). It
  // stops when the page is left. It answers "sse" or "poll".
  L.follow = function (after, match, probe, onChange, baseline) {
    const stop = new AbortController();
    L.onLeave(() => stop.abort());
    if (L.may.feed()) {
      L.stream(after, stop.signal, (ev) => { if (match(ev)) onChange(ev.position); });
      return "sse";
    }
    let last = baseline === undefined ? after : baseline;
    const timer = setInterval(async () => {
      try {
        const pos = await probe(stop.signal);
        if (pos > last) { last = pos; onChange(pos); }
      } catch (e) { /* the next probe tries again */ }
    }, 3000);
    L.onLeave(() => clearInterval(timer));
    return "poll";
  };

  // stream reads GET /v1/events/stream (Server-Sent Events) with the token
  // through fetch, since EventSource cannot send headers; it reconnects
  // after the last event seen until signal ends it.
  L.stream = async function (after, signal, onEvent, onState) {
    let last = after;
    const token = L.token();
    while (!signal.aborted && token && token === L.token()) {
      try {
        const res = await fetch("/v1/events/stream?after=" + last, {
          headers: { Authorization: "Bearer " + token, Accept: "text/event-stream" }, signal, cache: "no-store",
        });
        if (!res.ok) throw new ApiError(res.status, null);
        if (onState) onState("connected", last);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buf.indexOf("\n\n")) >= 0) {
            const frame = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const data = frame.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
            if (!data) continue;
            const ev = JSON.parse(data);
            last = Math.max(last, ev.position);
            onEvent(ev);
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        if (e.status === 401 || e.status === 403) return;
      }
      if (onState) onState("reconnecting", last);
      await new Promise((r) => setTimeout(r, 2000));
    }
  };

  // pool runs tasks at most n at a time.
  L.pool = async function (items, n, task) {
    let i = 0;
    const worker = async () => { while (i < items.length) { const k = i++; await task(items[k], k); } };
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  };

  L.signOut = function (why) {
    L.leavePage(); // before the token goes: nothing the page follows asks without it
    L.setToken(null);
    L.me = null;
    L.signOutReason = why || null;
    if (L.parseHash().path === "/signin") window.dispatchEvent(new HashChangeEvent("hashchange"));
    else L.go("#/signin");
  };
})(window.Latsar = window.Latsar || {});
