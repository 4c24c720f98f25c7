// ddemu Harmony persona: the DingTalkJSBridge global of the DingTalk client on
// HarmonyOS NEXT. call(method, params, cb) answers cb({success, body}): body is
// the result, or {errorCode, errorMessage} on failure; a watch call answers
// cb({success: true, body}) again for each tap or shake.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  if (ddemu.config.persona !== "harmony") return;

  // Defined at document start, like the client's javaScriptProxy: the library
  // then inits at once and its calls queue in core.js until the socket opens.
  // finish.js still fires DingTalkJSBridgeReady for pages that wait for it.
  window.DingTalkJSBridge = {
    init: function () {},
    call: function (method, params, callback) {
      function reply(success, body) {
        if (typeof callback === "function") callback({ success: success, body: body });
      }
      ddemu.call(method, params, function (error, result) {
        if (error) reply(false, error);
        else reply(true, result);
      }, function (progress) {
        reply(true, progress);
      });
    }
  };
})();
