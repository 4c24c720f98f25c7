// ddemu sensors: the web view's own motion and orientation events, fed by the
// device's accelerometer, gyroscope and compass (emulator/motion.py).
//
// DingTalk has no JSAPI for the gyroscope or the compass: pages listen on
// window for devicemotion and deviceorientation, as in any mobile browser.
// This file tells the device which of them the page listens to (a
// _ddemu.sensors control call), and dispatches each reading the device sends
// (a _ddemu.motion control event) as real DeviceMotionEvent and
// DeviceOrientationEvent objects; on iOS with webkitCompassHeading, and with
// the requestPermission() that iOS pages call first.
(function () {
  "use strict";

  var ddemu = window.__ddemu;
  var persona = ddemu.config.persona;
  if (persona === "pc") return; // a desktop client has no motion sensors

  var EVENTS = ["devicemotion", "deviceorientation", "deviceorientationabsolute"];
  var counts = {}; // event -> listeners added with addEventListener
  var handlers = {}; // event -> the on<event> property's handler
  var reported = "";

  function listening() {
    return EVENTS.filter(function (name) {
      return counts[name] > 0 || typeof handlers[name] === "function";
    });
  }

  function report() {
    var now = listening();
    var key = now.join(",");
    if (key === reported) return;
    reported = key;
    ddemu.call("_ddemu.sensors", { listen: now }, function () {});
  }

  // The browser's own events carry its sensors (none in a desktop or headless
  // browser: it fires one event of nulls): only the device's readings pass.
  EVENTS.forEach(function (name) {
    window.addEventListener(name, function (event) {
      if (event.isTrusted) event.stopImmediatePropagation();
    }, true);
  });

  var add = window.addEventListener;
  var remove = window.removeEventListener;
  window.addEventListener = function (type, listener) {
    if (EVENTS.indexOf(type) >= 0 && listener) {
      counts[type] = (counts[type] || 0) + 1;
      report();
    }
    return add.apply(this, arguments);
  };
  window.removeEventListener = function (type, listener) {
    if (EVENTS.indexOf(type) >= 0 && listener && counts[type] > 0) {
      counts[type] -= 1;
      report();
    }
    return remove.apply(this, arguments);
  };

  EVENTS.forEach(function (name) {
    var prop = "on" + name;
    var native = Object.getOwnPropertyDescriptor(window, prop) ||
      Object.getOwnPropertyDescriptor(Window.prototype, prop);
    try {
      Object.defineProperty(window, prop, {
        configurable: true,
        enumerable: true,
        get: function () { return handlers[name] || null; },
        set: function (fn) {
          handlers[name] = typeof fn === "function" ? fn : null;
          if (native && native.set) native.set.call(window, handlers[name]);
          report();
        }
      });
    } catch (e) {
      // A browser that will not let us see the handler: listeners still work.
    }
  });

  if (persona === "ios") {
    // iOS 13+ asks the user before the first motion event; the page calls this.
    [window.DeviceMotionEvent, window.DeviceOrientationEvent].forEach(function (type) {
      if (type && typeof type.requestPermission !== "function") {
        type.requestPermission = function () { return Promise.resolve("granted"); };
      }
    });
  }

  function withProps(event, props) {
    Object.keys(props).forEach(function (key) {
      if (event[key] === undefined || event[key] === null) {
        Object.defineProperty(event, key, { value: props[key], enumerable: true });
      }
    });
    return event;
  }

  function motionEvent(d) {
    var init = {
      acceleration: d.acceleration,
      accelerationIncludingGravity: d.accelerationIncludingGravity,
      rotationRate: d.rotationRate,
      interval: d.interval
    };
    var event;
    try {
      event = new DeviceMotionEvent("devicemotion", init);
    } catch (e) {
      event = new Event("devicemotion");
    }
    return withProps(event, init);
  }

  function orientationEvent(name, d, absolute) {
    var init = {
      alpha: d.orientation.alpha,
      beta: d.orientation.beta,
      gamma: d.orientation.gamma,
      absolute: absolute
    };
    var event;
    try {
      event = new DeviceOrientationEvent(name, init);
    } catch (e) {
      event = new Event(name);
    }
    withProps(event, init);
    if (persona === "ios") {
      withProps(event, { webkitCompassHeading: d.heading, webkitCompassAccuracy: 10 });
    }
    return event;
  }

  ddemu.onControl(function (message) {
    if (message.name !== "_ddemu.motion") return;
    var d = message.data || {};
    var wanted = d.events || [];
    if (wanted.indexOf("devicemotion") >= 0) window.dispatchEvent(motionEvent(d));
    if (wanted.indexOf("deviceorientation") >= 0) {
      window.dispatchEvent(orientationEvent("deviceorientation", d, false));
    }
    if (wanted.indexOf("deviceorientationabsolute") >= 0) {
      window.dispatchEvent(orientationEvent("deviceorientationabsolute", d, true));
    }
  });
})();
