// Start: the sign-in page, the header (navigation, who is signed in, the
// language switch), and the session check before every page.
"use strict";
(function (L) {
  const { h, t } = L;

  let config = null;
  L.config = async function () {
    if (!config) config = await (await fetch("/ui/config.json", { cache: "no-store" })).json();
    return config;
  };

  L.route(/^\/signin$/, async function (main) {
    const input = h("input", { id: "token", name: "token", type: "password", autocomplete: "off", required: true, spellcheck: "false" });
    const msg = h("p", { class: "error", role: "alert", id: "signin-error" }, L.signOutReason ? t(L.signOutReason) : "");
    L.signOutReason = null;
    const form = h("form", {
      class: "signin panel", method: "post", onsubmit: async (e) => {
        e.preventDefault();
        const token = input.value.trim();
        try {
          L.me = await L.get("/v1/me", { token });
        } catch (err) {
          msg.textContent = err.status === 401 ? t("signin.bad") : t("error", { detail: err.message });
          input.focus();
          return;
        }
        L.setToken(token);
        header();
        L.go("#/");
      },
    }, h("label", { for: "token" }, t("signin.token")), input,
    h("p", { class: "small muted", id: "token-help" }, t("signin.help")),
    h("button", { type: "submit" }, t("signin.submit")), msg);
    input.setAttribute("aria-describedby", "token-help");
    main.replaceChildren(h("h1", null, t("signin.title")), form);
  });

  function header() {
    document.title = t("app.title");
    document.getElementById("skip").textContent = t("skip");
    const nav = document.getElementById("nav");
    nav.setAttribute("aria-label", t("nav.label"));
    const here = L.parseHash().path;
    const link = (href, key, active) => h("a", { href, "aria-current": active ? "page" : null }, t(key));
    nav.replaceChildren(...(L.me ? [
      L.may.cohorts() ? link("#/", "nav.cohorts", here === "/" || here.startsWith("/cohort")) : null,
      link("#/feed", "nav.feed", here === "/feed"),
    ].filter(Boolean) : []));
    document.getElementById("who").textContent = L.me ? t("signed.as", { role: t("role." + L.me.role) }) + (L.me.institution_id ? " · " + L.me.institution_id : "") + (L.me.agency ? " · " + L.me.agency : "") : "";
    const lang = document.getElementById("lang");
    lang.textContent = t("nav.lang");
    lang.setAttribute("lang", t("nav.lang.code"));
    const out = document.getElementById("signout");
    out.textContent = t("nav.signout");
    out.hidden = !L.me;
  }

  // show renders the page the hash names, once the session is known.
  async function show() {
    const signingIn = L.parseHash().path === "/signin";
    if (!L.token() && !signingIn) { L.go("#/signin"); return; }
    if (L.token() && !L.me) {
      try { L.me = await L.get("/v1/me"); } catch (e) { return; } // a 401 has signed out
    }
    if (L.me && signingIn) { L.go("#/"); return; }
    header();
    await L.render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("lang").addEventListener("click", () => {
      L.setLang(L.lang() === "en" ? "id" : "en");
      L.focusOnRender = false;
      show();
    });
    document.getElementById("signout").addEventListener("click", () => L.signOut());
    window.addEventListener("hashchange", show);
    L.focusOnRender = false; // a first load keeps the focus where the browser put it
    show();
  });
})(window.Latsar = window.Latsar || {});
