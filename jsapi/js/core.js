// ddemu core: the page's end of the bridge. One websocket to the host, a table
// of calls waiting for their answer, and the events the host pushes.
// Everything else in the shim builds on window.__ddemu, defined here.
(function () {
  "use strict";

  var config = window.__DDEMU_CONFIG__ || {};
  var LOST = "9"; // errorCode: the device (here, its bridge) is unavailable

  var nextId = 1;
  var pending = {}; // id -> {method, onAnswer, onProgress}
  // Answered watch calls (setRight, watchShake ...: config.watchMethods): the
  // host calls them back again with {id, progress} on each tap or shake.
  var kept = {}; // id -> entry
  var keptByMethod = {}; // method -> id; a new call of a method replaces the old
  var queue = []; // frames written before the socket was open
  var socket = null;
  var opened = false;
  var everReady = false;
  var retryDelay = 250;
  var readyListeners = [];
  var failedListeners = [];
  var eventListeners = [];
  var controlListeners = []; // ddemu's own "_ddemu.*" events (system.js)
  var connectTimer = null;

  function each(list, arg) {
    for (var i = 0; i < list.length; i++) {
      try {
        list[i](arg);
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
  }

  function answer(entry, error, result) {
    try {
      entry.onAnswer(error, result);
    } catch (e) {
      // A page callback threw: report it like the real client would, async.
      setTimeout(function () { throw e; });
    }
  }

  // Fail every call that is still waiting, e.g. when the host goes away.
  function failAll(ids, message) {
    for (var i = 0; i < ids.length; i++) {
      var entry = pending[ids[i]];
      if (!entry) continue;
      delete pending[ids[i]];
      answer(entry, { errorCode: LOST, errorMessage: entry.method + ": " + message }, undefined);
    }
  }

  function call(method, params, onAnswer, onProgress) {
    var id = nextId++;
    var text;
    try {
      // JSON drops the page's callback functions, as the real bridge does.
      text = JSON.stringify({ id: id, method: method, params: params || {} });
    } catch (e) {
      onAnswer({ errorCode: "3", errorMessage: method + ": params cannot be sent: " + e.message });
      return id;
    }
    pending[id] = { method: method, onAnswer: onAnswer, onProgress: onProgress };
    if (opened) {
      socket.send(text);
    } else {
      queue.push({ id: id, text: text });
      armConnectTimer();
    }
    return id;
  }

  // Returns whether a listener called preventDefault().
  function dispatchOnDocument(name, data) {
    var notPrevented;
    if (name.indexOf("bizEvent.") === 0) {
      document.dispatchEvent(new CustomEvent("dtBizBridgeEvent", {
        detail: { namespace: "bizEvent", eventName: name.slice(9), data: data }
      }));
      return false;
    }
    notPrevented = document.dispatchEvent(new CustomEvent(name, { cancelable: true, detail: data }));
    if (name === "backbutton" && notPrevented) history.back();
    return !notPrevented;
  }

  function dispatch(name, data) {
    if (name.indexOf("_ddemu.") === 0) {
      // Not the client's: never a DOM event, never acknowledged.
      each(controlListeners, { name: name, data: data });
      return;
    }
    // On PC this document is ddemu's host shell, not the app: pc.js posts
    // the event on to the app's iframe, and only the app could tell.
    var prevented = config.persona !== "pc" ? dispatchOnDocument(name, data) : null;
    each(eventListeners, { name: name, data: data });
    // One answer per event, in order: did the page call preventDefault()?
    call("_ddemu.dispatched", { event: name, defaultPrevented: prevented }, function () {});
  }

  function keep(id, entry) {
    var old = keptByMethod[entry.method];
    if (old !== undefined) delete kept[old];
    kept[id] = entry;
    keptByMethod[entry.method] = id;
  }

  function receive(event) {
    var msg;
    try {
      msg = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (msg.event !== undefined) {
      dispatch(msg.event, msg.data);
      return;
    }
    if (msg.id === 0) {
      // The answer to _ddemu.hello: the session is attached to its device.
      if (!everReady) {
        everReady = true;
        each(readyListeners, msg.result);
      }
      return;
    }
    var entry = pending[msg.id] || kept[msg.id];
    if (!entry) {
      if (msg.error) console.warn("[ddemu] " + msg.error.errorCode + ": " + msg.error.errorMessage);
      return;
    }
    if (Object.prototype.hasOwnProperty.call(msg, "progress")) {
      if (entry.onProgress) entry.onProgress(msg.progress);
      return;
    }
    if (!pending[msg.id]) return; // a kept watch call had its answer already
    delete pending[msg.id];
    if (!msg.error && (config.watchMethods || []).indexOf(entry.method) >= 0) keep(msg.id, entry);
    answer(entry, msg.error || null, msg.result);
  }

  function giveUpQueued() {
    connectTimer = null;
    if (opened) return;
    var ids = queue.map(function (q) { return q.id; });
    queue = [];
    failAll(ids, "cannot reach ddemu at " + config.bridgeUrl);
    if (!everReady) each(failedListeners, { errorCode: LOST, errorMessage: "cannot reach ddemu" });
  }

  // Calls written while disconnected wait connectTimeout seconds at most.
  function armConnectTimer() {
    if (!connectTimer && !opened) {
      connectTimer = setTimeout(giveUpQueued, (config.connectTimeout || 10) * 1000);
    }
  }

  function connect() {
    armConnectTimer();
    try {
      socket = new WebSocket(config.bridgeUrl);
    } catch (e) {
      setTimeout(connect, retryDelay);
      return;
    }
    socket.onopen = function () {
      opened = true;
      retryDelay = 250;
      clearTimeout(connectTimer);
      connectTimer = null;
      socket.send(JSON.stringify({
        id: 0,
        method: "_ddemu.hello",
        params: {
          url: location.href,
          userAgent: navigator.userAgent,
          persona: config.persona,
          features: ["dispatched"],
          viewport: { width: window.innerWidth, height: window.innerHeight }
        }
      }));
      var frames = queue;
      queue = [];
      for (var i = 0; i < frames.length; i++) socket.send(frames[i].text);
    };
    socket.onmessage = receive;
    socket.onclose = function () {
      var wasOpen = opened;
      opened = false;
      // The host forgot this session's watch calls; a new session starts afresh.
      kept = {};
      keptByMethod = {};
      failAll(Object.keys(pending).filter(function (id) {
        return !queue.some(function (q) { return String(q.id) === id; });
      }), "lost the connection to ddemu");
      if (wasOpen) console.warn("[ddemu] bridge closed; reconnecting");
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    };
  }

  // Route changes without a load (history API, #hash) keep the session; tell
  // the host the URL the page shows now, which iOS signs in dd.config.
  function reportLocation() {
    if (opened) call("_ddemu.location", { url: location.href }, function () {});
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    if (typeof original !== "function") return;
    history[name] = function () {
      var result = original.apply(this, arguments);
      reportLocation();
      return result;
    };
  });
  window.addEventListener("popstate", reportLocation);
  window.addEventListener("hashchange", reportLocation);

  Object.defineProperty(window, "__ddemu", {
    configurable: false,
    enumerable: false,
    value: {
      config: config,
      // call(method, params, onAnswer(error, result), onProgress(data)) -> id
      call: call,
      onReady: function (fn) { readyListeners.push(fn); },
      onFailed: function (fn) { failedListeners.push(fn); },
      onEvent: function (fn) { eventListeners.push(fn); },
      onControl: function (fn) { controlListeners.push(fn); },
      isOpen: function () { return opened; }
    }
  });

  if (!/^https?:$/.test(location.protocol)) {
    // about:blank and friends (e.g. before Playwright's first navigation) are
    // not apps: they have an opaque origin the bridge refuses anyway.
    return;
  }
  if (config.persona === "pc" && location.pathname !== config.pcHostPath) {
    // On PC only ddemu's host shell talks to ddemu; the app in its iframe
    // talks to the shell by postMessage (pc.js), as to the real client.
    return;
  }
  if (config.bridgeUrl) {
    connect();
  } else {
    console.warn("[ddemu] no bridge URL: calls will fail");
  }
})();
