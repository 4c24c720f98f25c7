// ddemu navigation: what biz.navigation.goBack, replace and close make the web
// view do. The device sends the page the control event _ddemu.navigate
// ({action: "back" | "replace" | "close", url}) right after answering the call.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  if (!ddemu || !ddemu.onControl) return;
  // On PC this document is the host shell, not the app's page.
  if (ddemu.config.persona === "pc") return;

  ddemu.onControl(function (control) {
    if (control.name !== "_ddemu.navigate" || !control.data) return;
    var action = control.data.action;
    if (action === "back") {
      // At the app's first page the client closes the window instead; a
      // browser would leave the app (for the page before it, about:blank ...).
      var nav = window.navigation;
      if (nav && !nav.canGoBack) window.close();
      else history.back();
    } else if (action === "replace" && control.data.url) {
      location.replace(new URL(control.data.url, location.href).href);
    } else if (action === "close") {
      // Only a window a script opened can close itself; the device shell
      // shows the page closed either way.
      window.close();
    }
  });
})();
