// ddemu system: what the phone's web view does besides the client's bridge.
// - The network: when the device goes offline or online the client fires
//   `offline`/`online` on document (core.js); the web view also flips
//   navigator.onLine and fires the same events on window, which pages use too.
// - Links: biz.util.openLink opens its URL in a new page over the app; here a
//   new window (a popup for Playwright), so the app's page stays as it was.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  if (!ddemu || !ddemu.onControl) return;
  var config = ddemu.config;
  var onLine = config.network !== "none";

  if (config.persona !== "pc") {
    try {
      Object.defineProperty(navigator, "onLine", {
        configurable: true,
        get: function () { return onLine; }
      });
    } catch (e) {
      // A browser that refuses keeps its own navigator.onLine.
    }
    // Registered at document start, so before any listener of the page: the
    // page's own `offline` listener already sees navigator.onLine === false.
    ["online", "offline"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        if (!(event instanceof CustomEvent)) return;
        onLine = name === "online";
        window.dispatchEvent(new Event(name));
      });
    });
  }

  ddemu.onControl(function (control) {
    if (control.name === "_ddemu.openLink" && control.data && control.data.url) {
      window.open(control.data.url, "_blank");
    }
  });
})();
