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
        // A watch call (the library registered a handler) hears each tap there;
        // continuous calls without one (geolocation.start) get the answer again.
        var handler = handlers[name];
        if (handler) handler(progress, function () {});
        else if (typeof callback === "function") {
          callback({ errorCode: "0", errorMessage: "success", result: progress });
        }
      });
    }
  };
})();
