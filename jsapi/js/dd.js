// ddemu dd: the page's `dd` when it loads dingtalk.open.js from the CDN. Built
// from window.__DDEMU_DD_TABLE__ (generated from the catalog by jsapi/cdn.py);
// every export talks to window.__ddemu, the shim already in the page.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  var table = window.__DDEMU_DD_TABLE__ || { exports: {}, events: {} };
  if (!ddemu) {
    console.warn("[ddemu] dingtalk.open.js: no ddemu shim in this page");
    return;
  }
  var config = ddemu.config || {};
  var persona = config.persona || "other";
  var CANCEL = "-1";
  // On PC the app runs in an iframe of the client's host page and talks to it
  // by postMessage, as the library does (pc.js answers in ddemu's host shell).
  var host = persona === "pc" ? pcHost() : null;
  var native = host ? host.call : ddemu.call;

  function pcHost() {
    var info = null;
    try {
      info = JSON.parse(window.name);
    } catch (e) {
      info = null;
    }
    if (!info || !info.hostOrigin || window.top === window) {
      console.warn("[ddemu] dingtalk.open.js: PC pages run in ddemu's PC host shell; calls will fail");
      return { call: function (method, params, onAnswer) {
        onAnswer({ errorCode: "9", errorMessage: "not inside the PC client's host page" });
      }, events: null };
    }
    var seq = 0;
    var pending = {};
    var eventsId = null;
    window.addEventListener("message", function (event) {
      var msg = event.data;
      if (event.origin !== info.hostOrigin || !msg || typeof msg !== "object") return;
      if (msg.type === "event" && msg.msgId === eventsId) {
        dispatch(msg.eventName, msg.body);
        return;
      }
      var entry = pending[msg.msgId];
      if (!entry) return;
      if (msg.type === "response") {
        if (!entry.onProgress) delete pending[msg.msgId];
        if (msg.success) entry.onAnswer(null, msg.body);
        else entry.onAnswer(msg.body || { errorCode: "9", errorMessage: "failed" });
      } else if (msg.type === "event" && msg.eventName === "success" && entry.onProgress) {
        entry.onProgress(msg.body);
      }
    });
    function send(method, params, onAnswer, onProgress) {
      var id = "ddemu-" + (++seq) + "-" + Math.random().toString(36).slice(2);
      pending[id] = { onAnswer: onAnswer, onProgress: onProgress };
      window.top.postMessage({
        msgId: id, containerId: info.containerId, methodName: method, body: params, type: "request"
      }, info.hostOrigin);
      return id;
    }
    function dispatch(name, data) {
      if (name.indexOf("bizEvent.") === 0) {
        document.dispatchEvent(new CustomEvent("dtBizBridgeEvent", {
          detail: { namespace: "bizEvent", eventName: name.slice(9), data: data }
        }));
      } else {
        document.dispatchEvent(new CustomEvent(name, { detail: data, cancelable: true }));
      }
    }
    eventsId = send("SYS_openAPIContainerInitEvent", {}, function () {});
    return { call: send };
  }

  function pick(params, names) {
    for (var i = 0; i < names.length; i++) {
      if (params && typeof params[names[i]] === "function") return params[names[i]];
    }
    return null;
  }

  function safe(fn, arg) {
    if (!fn) return;
    try {
      fn(arg);
    } catch (e) {
      setTimeout(function () { throw e; });
    }
  }

  function withoutFunctions(params) {
    var out = {};
    for (var key in params) {
      if (Object.prototype.hasOwnProperty.call(params, key) && typeof params[key] !== "function") {
        out[key] = params[key];
      }
    }
    return out;
  }

  function invoke(spec, params) {
    params = params || {};
    var onSuccess = pick(params, ["onSuccess", "success"]);
    var onFail = pick(params, ["onFail", "fail"]);
    var onCancel = pick(params, ["onCancel", "cancel"]);
    var onComplete = pick(params, ["complete", "onComplete"]);
    var sent = withoutFunctions(params);
    if (spec.action) sent._action = spec.action;
    return new Promise(function (resolve, reject) {
      native(spec.method, sent, function (error, result) {
        if (error) {
          if (String(error.errorCode) === CANCEL && onCancel) safe(onCancel, error);
          else safe(onFail, error);
          safe(onComplete, error);
          reject(error);
        } else {
          safe(onSuccess, result);
          safe(onComplete, result);
          resolve(result);
        }
      }, spec.watch ? function (data) { safe(onSuccess, data); } : undefined);
    });
  }

  function place(root, path, value) {
    var parts = path.split(".");
    var node = root;
    for (var i = 0; i < parts.length - 1; i++) {
      if (typeof node[parts[i]] !== "object" || node[parts[i]] === null) node[parts[i]] = {};
      node = node[parts[i]];
    }
    if (!(parts[parts.length - 1] in node)) node[parts[parts.length - 1]] = value;
  }

  // Events: NON_BRIDGE_EVENTS are DOM events on document; bizEvent.* come as
  // dtBizBridgeEvent with {namespace, eventName, data}.
  var wrapped = [];
  function on(name, fn) {
    if (typeof fn !== "function") return;
    var listener = fn;
    var type = name;
    if (name.indexOf("bizEvent.") === 0) {
      type = "dtBizBridgeEvent";
      listener = function (e) {
        if (e.detail && e.detail.eventName === name.slice(9)) fn(e.detail.data);
      };
    }
    wrapped.push({ name: name, fn: fn, type: type, listener: listener });
    document.addEventListener(type, listener);
  }
  function off(name, fn) {
    for (var i = wrapped.length - 1; i >= 0; i--) {
      var w = wrapped[i];
      if (w.name === name && (!fn || w.fn === fn)) {
        document.removeEventListener(w.type, w.listener);
        wrapped.splice(i, 1);
      }
    }
  }

  // dd.ready / dd.config / dd.error
  var bridgeReady = false;
  var bridgeWaiters = [];
  ddemu.onReady(function () {
    bridgeReady = true;
    var list = bridgeWaiters;
    bridgeWaiters = [];
    for (var i = 0; i < list.length; i++) safe(list[i]);
  });
  // On PC the host page is there from the start: nothing to wait for.
  if (host || ddemu.isOpen()) bridgeReady = true;
  function whenBridge(fn) {
    if (bridgeReady) setTimeout(fn, 0);
    else bridgeWaiters.push(fn);
  }

  var configured = null; // Promise of runtime.permission.requestJsApis
  var errorHandlers = [];
  var configError = null;

  var dd = {
    version: "3.2.9",
    ios: persona === "ios",
    android: persona === "android",
    harmony: persona === "harmony",
    pc: persona === "pc",
    other: ["ios", "android", "harmony", "pc"].indexOf(persona) < 0,
    env: {
      platform: persona,
      platformSub: persona !== "pc" ? "noSub" : /Mac/.test(navigator.userAgent) ? "mac" : "win",
      version: config.version,
      appType: "WEB",
      language: config.language || "*"
    },
    ready: function (fn) {
      if (configured) {
        configured.then(function () { safe(fn); }, function () {});
      } else {
        whenBridge(fn);
      }
    },
    config: function (params) {
      var sent = withoutFunctions(params || {});
      configured = new Promise(function (resolve, reject) {
        whenBridge(function () {
          if (host) sent.url = location.href.split("#")[0];
          native(host ? "config" : "runtime.permission.requestJsApis", sent, function (error, result) {
            if (error) reject(error);
            else resolve(result);
          });
        });
      });
      configured.then(null, function (error) {
        configError = error;
        for (var i = 0; i < errorHandlers.length; i++) safe(errorHandlers[i], error);
      });
    },
    error: function (fn) {
      if (typeof fn !== "function") return;
      errorHandlers.push(fn);
      if (configError) safe(fn, configError);
    },
    on: on,
    off: off
  };

  var exports = table.exports;
  for (var path in exports) {
    if (!Object.prototype.hasOwnProperty.call(exports, path)) continue;
    (function (spec) {
      place(dd, path, function (params) { return invoke(spec, params); });
    })(exports[path]);
  }
  var events = table.events;
  for (var name in events) {
    if (!Object.prototype.hasOwnProperty.call(events, name)) continue;
    (function (event, names) {
      var handler = function (arg) {
        var fn = typeof arg === "function" ? arg : pick(arg, ["onSuccess", "success"]);
        return fn;
      };
      for (var i = 0; i < names.on.length; i++) {
        place(dd, names.on[i], function (arg) { on(event, handler(arg)); });
      }
      for (var j = 0; j < names.off.length; j++) {
        place(dd, names.off[j], function (arg) { off(event, handler(arg) || undefined); });
      }
    })(name, events[name]);
  }

  window.dd = dd;
})();
