// The page viewer: zoom, rotate and full screen for each page image, and the keyboard's
// arrows to the previous or next page while in full screen. Without JavaScript the page
// images and the previous/next links work as they are; the tools appear only with it.
"use strict";

(function () {
  const STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4];

  function setUp(figure) {
    const tools = figure.querySelector(".viewer-tools");
    const viewport = figure.querySelector(".page-viewport");
    const frame = figure.querySelector(".page-frame");
    const level = figure.querySelector(".zoom-level");
    if (!tools || !viewport || !frame) return;
    let step = STEPS.indexOf(1);
    let turn = 0;

    function apply() {
      const zoom = STEPS[step];
      frame.style.width = (zoom * 100) + "%";
      frame.style.transform = turn ? "rotate(" + turn + "deg)" : "";
      // A quarter turn swaps width and height: leave the room the turned page needs.
      const sideways = turn % 180 !== 0;
      frame.style.margin = sideways ? "12% 0" : "";
      viewport.classList.toggle("zoomed", zoom > 1);
      level.textContent = Math.round(zoom * 100) + "%";
      tools.querySelector("[data-act=zoom-out]").disabled = step === 0;
      tools.querySelector("[data-act=zoom-in]").disabled = step === STEPS.length - 1;
    }

    tools.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-act]");
      if (!button) return;
      const act = button.dataset.act;
      if (act === "zoom-in") step = Math.min(STEPS.length - 1, step + 1);
      if (act === "zoom-out") step = Math.max(0, step - 1);
      if (act === "reset") { step = STEPS.indexOf(1); turn = 0; }
      if (act === "rotate") turn = (turn + 90) % 360;
      if (act === "fullscreen") {
        if (document.fullscreenElement) document.exitFullscreen();
        else if (figure.requestFullscreen) figure.requestFullscreen();
      }
      apply();
    });
    tools.hidden = false;
    apply();
  }

  function neighbour(figure, direction) {
    const all = Array.from(document.querySelectorAll(".page-image[data-page]"));
    return all[all.indexOf(figure) + direction] || null;
  }

  document.addEventListener("keydown", function (event) {
    const current = document.fullscreenElement;
    if (!current || !current.matches(".page-image")) return;
    const direction = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
    const next = direction && neighbour(current, direction);
    if (!next) return;
    event.preventDefault();
    document.exitFullscreen().then(function () { return next.requestFullscreen(); });
  });

  document.querySelectorAll(".page-image[data-page]").forEach(setUp);
})();
