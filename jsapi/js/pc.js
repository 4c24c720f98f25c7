// ddemu PC persona. The DingTalk PC client shows the app in an iframe whose
// window.name is {hostOrigin, containerId, hostVersion, language}; the library
// posts {msgId, containerId, methodName, body, type: "request"} to window.top
// and accepts only messages from hostOrigin, whose host must end in
// ".dingtalk.com". So on PC the bridge is no global of the app's page: it is
// ddemu's host shell page around it (emulator/server/pchost.py), and this file,
// run there, answers each request over the websocket (core.js):
//   {type: "response", msgId, success, body}             the call's answer
//   {type: "event", msgId, eventName, body}              an event, on the msgId
//                                                        of the app's
//                                                        SYS_openAPIContainerInitEvent
// In the app's own page it does nothing: the library finds PC in window.name.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  var config = ddemu.config;
  if (config.persona !== "pc") return;

  if (location.pathname !== config.pcHostPath) {
    if (window.top === window && /^https?:$/.test(location.protocol)) {
      console.error("[ddemu] PC persona: this page must run inside ddemu's PC host shell, " +
        "http://h5.dingtalk.com:" + location.port + config.pcHostPath +
        " (h5.dingtalk.com mapped to 127.0.0.1); on its own, dingtalk-jsapi sees no client.");
    }
    return;
  }

  var EVENTS = "SYS_openAPIContainerInitEvent";
  var channels = []; // one per app frame: {source, post, msgId}

  function poster(source, origin) {
    // A sandboxed frame has the opaque origin "null", reachable only with "*".
    var target = origin && origin !== "null" ? origin : "*";
    return function (message) {
      try {
        source.postMessage(message, target);
      } catch (e) {
        // The frame went away or navigated elsewhere: nobody to tell.
      }
    };
  }

  window.addEventListener("message", function (event) {
    var msg = event.data;
    if (!msg || typeof msg !== "object" || msg.type !== "request" || !event.source) return;
    var source = event.source;
    var post = poster(source, event.origin);
    if (msg.methodName === EVENTS) {
      // The app's first dd.on: kept open, never answered; events go on its msgId.
      // A frame that navigated subscribes again from its new page.
      channels = channels.filter(function (c) { return c.source !== source; });
      channels.push({ source: source, post: post, msgId: msg.msgId });
      return;
    }
    ddemu.call(msg.methodName, msg.body, function (error, result) {
      post({ type: "response", msgId: msg.msgId, success: !error, body: error || result });
    }, function (progress) {
      // A watch call's later callback, as the event "success" of the request
      // (the library calls params.onSuccess); it ignores events after the answer.
      post({ type: "event", msgId: msg.msgId, eventName: "success", body: progress });
    });
  });

  ddemu.onEvent(function (event) {
    for (var i = 0; i < channels.length; i++) {
      channels[i].post({ type: "event", msgId: channels[i].msgId, eventName: event.name, body: event.data });
    }
  });
})();
