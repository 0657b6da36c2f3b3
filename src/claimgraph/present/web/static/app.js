// claimgraph: small progressive enhancements. Pages work without this file.
// Loaded from /static (the CSP allows scripts from this origin only); it never inserts HTML.
"use strict";
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Document reader: clicking a highlighted passage shows its claim card in the side panel.
  const panel = document.getElementById("claim-panel");
  if (panel) {
    const show = (id) => {
      document.querySelectorAll("a.hl.active, .claim-card.active").forEach((el) => el.classList.remove("active"));
      const card = document.getElementById("claim-" + id);
      if (!card) return;
      card.classList.add("active");
      document.querySelectorAll("a.hl").forEach((el) => { if (el.dataset.claim === id) el.classList.add("active"); });
      card.scrollIntoView({ block: "nearest" });
    };
    document.querySelectorAll("a.hl").forEach((el) => {
      el.addEventListener("click", (ev) => {
        ev.preventDefault();
        show(el.dataset.claim);
        history.replaceState(null, "", "#claim-" + el.dataset.claim);
      });
    });
    if (location.hash.startsWith("#claim-")) {
      const id = decodeURIComponent(location.hash.slice(7));
      show(id);
      const mark = Array.from(document.querySelectorAll("a.hl")).find((el) => el.dataset.claim === id);
      if (mark) mark.scrollIntoView({ block: "center" });
    }
  }
  // Filter forms submit when a choice changes.
  document.querySelectorAll("form.autosubmit select").forEach((sel) => {
    sel.addEventListener("change", () => sel.form.submit());
  });
});
