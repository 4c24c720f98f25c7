/* The phone's "confirm login" screen after scanning a web site's login QR code.
 *
 * A UI request of kind "login.confirm" (emulator/phonelogin.py): params {loginId, app, name,
 * corp, unionid}. "Confirm" answers {confirmed: true}; "Cancel" cancels the request, and
 * either way the web page learns of it at once.
 */
(function () {
  "use strict";

  var shell = window.ddemuShell;
  var h = shell.h;

  shell.register("login.confirm", function (request, respond) {
    var p = request.params;
    return h("div", { class: "dd-sheet dd-login-confirm", role: "dialog", "data-login": p.loginId },
      h("div", { class: "dd-sheet-caption", text: "登录确认 Confirm login" }),
      h("div", { class: "dd-sheet-body", style: "padding:16px;text-align:center" },
        h("div", { class: "dd-login-name", style: "font-size:18px;font-weight:600", text: p.name }),
        h("div", { class: "dd-login-corp", style: "color:#747677;margin:4px 0 12px", text: p.corp }),
        h("div", { text: "确认登录 " + p.app + " 网页版？" }),
        h("div", { style: "color:#747677;font-size:13px", text: "Log in to " + p.app + " on the web?" })),
      h("button", {
        class: "dd-btn dd-btn-primary dd-login-ok",
        onclick: function () { respond.answer({ confirmed: true }); },
      }, "确认登录 Confirm"),
      h("div", { class: "dd-sheet-gap" }),
      h("button", {
        class: "dd-option dd-sheet-cancel dd-login-cancel",
        onclick: function () { respond.cancel(); },
      }, "取消登录 Cancel"));
  }, { layer: "sheet" });
})();
