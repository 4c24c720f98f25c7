// ddemu Android persona: the nuva global of the DingTalk Android client. Its
// require() gives a Cordova-style exec(success, fail, service, action, params);
// success gets the bare result, fail gets {errorCode, errorMessage}; watch
// calls call success again for each tap (keepCallback).
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  if (ddemu.config.persona !== "android") return;

  function exec(success, fail, service, action, params) {
    var method = action ? service + "." + action : service;
    ddemu.call(method, params, function (error, result) {
      if (error) {
        if (typeof fail === "function") fail(error);
      } else if (typeof success === "function") {
        success(result);
      }
    }, function (progress) {
      if (typeof success === "function") success(progress);
    });
  }

  // isReady stays false until the bridge is connected; finish.js then fires
  // runtimeready, which the library waits for.
  window.nuva = {
    isReady: false,
    require: function () { return exec; }
  };
})();
