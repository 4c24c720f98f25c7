// The phone's confirm screen after scanning a login QR code (/login/scan).
// "Confirm" and "Cancel" post to the platform; the screen then says what happened.
(function () {
  "use strict";
  var config = window.__DDEMU_QR__;
  var main = document.querySelector("main");
  var status = document.getElementById("status");
  var buttons = [document.getElementById("confirm"), document.getElementById("cancel")];
  var TEXT = {
    confirmed: "已确认登录 Logged in",
    cancelled: "已取消登录 Cancelled",
    expired: "二维码已失效 The QR code expired"
  };

  function settle(state, text) {
    main.setAttribute("data-state", state);
    status.textContent = text || TEXT[state] || state;
    if (state !== "scanned") buttons.forEach(function (b) { b.disabled = true; });
  }

  function answer(url) {
    var request = new XMLHttpRequest();
    request.open("POST", url + (config.token ? "?token=" + encodeURIComponent(config.token) : ""));
    request.onload = function () {
      var body = {};
      try { body = JSON.parse(request.responseText); } catch (e) { /* shown below */ }
      if (request.status === 200) settle(body.state);
      else refreshState(body.error);
    };
    request.send();
  }

  function refreshState(error) {
    var request = new XMLHttpRequest();
    request.open("GET", config.status);
    request.onload = function () {
      var body = JSON.parse(request.responseText);
      settle(body.state, error ? TEXT[body.state] || error : undefined);
    };
    request.send();
  }

  buttons[0].addEventListener("click", function () { answer(config.confirm); });
  buttons[1].addEventListener("click", function () { answer(config.cancel); });
  var initial = main.getAttribute("data-state");
  if (initial !== "scanned") settle(initial);
  // The login may be decided elsewhere (a script, the shell, expiry): follow it.
  var follow = setInterval(function () {
    if (main.getAttribute("data-state") !== "scanned") { clearInterval(follow); return; }
    var request = new XMLHttpRequest();
    request.open("GET", config.status);
    request.onload = function () {
      try {
        var body = JSON.parse(request.responseText);
        if (body.state !== "scanned") settle(body.state);
      } catch (e) { /* next time */ }
    };
    request.send();
  }, 1000);
})();
