// ddemu finish: runs last. Once the bridge is connected and attached to its
// device, fire the persona's ready event on document, as the client does.
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
    }
  });

  ddemu.onFailed(function (error) {
    if (persona === "android") fire("runtimefailed", error);
  });
})();
