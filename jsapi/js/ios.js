// ddemu iOS persona: the WebViewJavascriptBridge global the DingTalk iOS client
// injects. Answers arrive as {errorCode: "0", errorMessage, result}; watch calls
// (setRight, watchShake ...) deliver each tap to the handler registered under
// the method's name.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  if (ddemu.config.persona !== "ios") return;

  var handlers = {};

  window.WebViewJavascriptBridge = {
    init: function () {},
    registerHandler: function (name, handler) {
      handlers[name] = handler;
    },
    callHandler: function (name, data, callback) {
      ddemu.call(name, data, function (error, result) {
        if (typeof callback !== "function") return;
        callback(error || { errorCode: "0", errorMessage: "success", result: result });
      }, function (progress) {
        var handler = handlers[name];
        if (handler) handler(progress, function () {});
      });
    }
  };
})();
