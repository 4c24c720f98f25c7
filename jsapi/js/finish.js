// ddemu finish: runs last. Once the bridge is connected and attached to its
// device, fire the persona's ready event on document, as the client does:
// WebViewJavascriptBridgeReady (iOS), runtimeready (Android), DingTalkJSBridgeReady
// (Harmony).
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  var persona = ddemu.config.persona;

  function fire(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  ddemu.onReady(function () {
    if (persona === "android") {
      window.nuva.isReady = true;
      fire("runtimeready");
    } else if (persona === "ios") {
      fire("WebViewJavascriptBridgeReady");
    } else if (persona === "harmony") {
      fire("DingTalkJSBridgeReady");
    }
    // PC has no ready event: the library in the app's iframe posts at once.
  });

  ddemu.onFailed(function (error) {
    if (persona === "android") fire("runtimefailed", error);
  });
})();
