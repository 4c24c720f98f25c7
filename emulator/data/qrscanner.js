// The phone's scanner page (/login/phone): scan the login QR code shown on screen, or a
// photo of it (a real phone's camera through the file picker), then open the confirm screen.
// A scan made elsewhere (a script, the demo's autopilot) opens the confirm screen too.
(function () {
  "use strict";
  var config = window.__DDEMU_QR__;
  var status = document.getElementById("status");
  var photo = document.getElementById("photo");

  function openConfirm(loginId) {
    window.location.href = config.scan + encodeURIComponent(loginId);
  }

  function post(url, body) {
    var request = new XMLHttpRequest();
    request.open("POST", url);
    request.onload = function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { /* below */ }
      if (request.status === 200 && answer.loginId) openConfirm(answer.loginId);
      else status.textContent = answer.error || "scan failed (" + request.status + ")";
    };
    status.textContent = "…";
    request.send(body || null);
  }

  document.getElementById("scan-screen").addEventListener("click", function () {
    post(config.screen);
  });
  document.getElementById("take-photo").addEventListener("click", function () { photo.click(); });
  photo.addEventListener("change", function () {
    if (!photo.files.length) return;
    var form = new FormData();
    form.append("photo", photo.files[0]);
    post(config.photo, form);
  });

  setInterval(function () {
    var request = new XMLHttpRequest();
    request.open("GET", config.pending);
    request.onload = function () {
      try {
        var pending = JSON.parse(request.responseText).pending;
        if (pending) openConfirm(pending.loginId);
      } catch (e) { /* next time */ }
    };
    request.send();
  }, 1000);
})();
