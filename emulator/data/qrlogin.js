// The QR login page of the emulated login host (emulator/server/openapi/login.py).
// It learns what the phone did over a websocket, or by polling when that fails,
// and on confirm does what the real page does for its flow:
//   goto          legacy full page: go to sns_authorize with the loginTmpCode
//   postTmpCode   legacy ddLogin iframe: parent.postMessage(loginTmpCode, "*")
//   redirect      new flow, full page: go to redirect_uri?authCode=&code=&state=
//   postRedirect  new flow, DTFrameLogin iframe: parent.postMessage({success, redirectUrl}, "*")
(function () {
  "use strict";
  var config = window.__DDEMU_QR__;
  var main = document.querySelector("main");
  var status = document.getElementById("status");
  var qr = document.getElementById("qr");
  var refresh = document.getElementById("refresh");
  var seen = -1;
  var done = false;
  var pollTimer = null;

  var TEXT = {
    waiting: "请使用钉钉扫描二维码登录",
    scanned: "扫描成功，请在手机上确认登录",
    confirmed: "已确认，正在登录…",
    cancelled: "你已取消此次登录，可刷新二维码再次扫描",
    expired: "二维码已失效，请刷新"
  };

  function show(news) {
    if (done || typeof news.version !== "number" || news.version <= seen) return;
    seen = news.version;
    main.setAttribute("data-state", news.state);
    status.textContent = TEXT[news.state] || news.state;
    if (news.state === "scanned" && news.name) status.textContent += " (" + news.name + ")";
    status.className = news.state === "cancelled" || news.state === "expired" ? "bad" : "";
    qr.className = news.state === "waiting" ? "" : "faded";
    // Benchmarks and tests read when the page learned of the confirm.
    window.__ddemuQrState = { state: news.state, at: performance.now(), timeOrigin: performance.timeOrigin };
    if (news.state === "cancelled" || news.state === "expired") {
      done = true;
      refresh.hidden = false;
      stopPolling();
    } else if (news.state === "confirmed") {
      done = true;
      stopPolling();
      finish(news);
    }
  }

  function finish(news) {
    if (config.then === "goto") {
      window.location.href = config.goto + "&loginTmpCode=" + encodeURIComponent(news.loginTmpCode);
    } else if (config.then === "postTmpCode") {
      window.parent.postMessage(news.loginTmpCode, "*");
    } else if (config.then === "postRedirect") {
      window.parent.postMessage({ success: true, redirectUrl: news.redirectUrl }, "*");
    } else {
      window.location.href = news.redirectUrl;
    }
  }

  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", config.status);
    request.onload = function () {
      try { show(JSON.parse(request.responseText)); } catch (e) { /* next poll */ }
    };
    request.send();
  }

  function startPolling() {
    if (pollTimer === null && !done) pollTimer = setInterval(poll, config.pollInterval);
  }

  function stopPolling() {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  }

  function connect() {
    var socket;
    try { socket = new WebSocket(config.push); } catch (e) { startPolling(); return; }
    socket.onmessage = function (event) { show(JSON.parse(event.data)); };
    socket.onerror = function () { startPolling(); };
    socket.onclose = function () { if (!done) startPolling(); };
  }

  if (config.transport === "poll" || typeof WebSocket === "undefined") {
    startPolling();
  } else {
    connect();
  }
})();
