/* The client's dialogs in the device shell: alert, confirm, prompt, action sheet and modal.
 *
 * Each renderer draws what device.notification.* asked (the params as the handler completed
 * them) and answers with the result shape of the method.
 */
(function () {
  "use strict";

  var shell = window.ddemuShell;
  var h = shell.h;

  function text(params, key) {
    var value = params[key];
    return value === undefined || value === null ? "" : String(value);
  }

  function dialog(params, body, buttons) {
    var stacked = buttons.length > 2;
    return h("div", { class: "dd-dialog", role: "dialog" },
      params.image ? h("img", { class: "dd-dialog-image", src: params.image, alt: "" }) : null,
      h("div", { class: "dd-dialog-body" },
        text(params, "title") ? h("div", { class: "dd-dialog-title", text: params.title }) : null,
        body),
      h("div", { class: "dd-dialog-buttons" + (stacked ? " dd-stacked" : "") }, buttons));
  }

  function labelButtons(labels, onPick) {
    return labels.map(function (label, index) {
      return h("button", { "data-index": String(index), onclick: function () { onPick(index); } }, label);
    });
  }

  shell.register("alert", function (request, respond) {
    var p = request.params;
    return dialog(p, h("div", { class: "dd-dialog-message", text: text(p, "message") }), [
      h("button", { "data-index": "0", onclick: function () { respond.answer({}); } }, text(p, "buttonName") || "确定"),
    ]);
  }, { layer: "dialog" });

  shell.register("confirm", function (request, respond) {
    var p = request.params;
    return dialog(p, h("div", { class: "dd-dialog-message", text: text(p, "message") }),
      labelButtons(p.buttonLabels || ["确定", "取消"], function (index) {
        respond.answer({ buttonIndex: index });
      }));
  }, { layer: "dialog" });

  shell.register("prompt", function (request, respond) {
    var p = request.params;
    var input = h("input", { type: "text", "aria-label": text(p, "message") || "input" });
    input.value = text(p, "defaultText");
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") respond.answer({ buttonIndex: 0, value: input.value });
    });
    setTimeout(function () { input.focus(); }, 0);
    return dialog(p, [h("div", { class: "dd-dialog-message", text: text(p, "message") }), input],
      labelButtons(p.buttonLabels || ["确定", "取消"], function (index) {
        respond.answer({ buttonIndex: index, value: input.value });
      }));
  }, { layer: "dialog" });

  shell.register("modal", function (request, respond) {
    var p = request.params;
    return dialog(p, h("div", { class: "dd-dialog-message", text: text(p, "content") }),
      labelButtons(p.buttonLabels || ["确定"], function (index) {
        respond.answer({ buttonIndex: index });
      }));
  }, { layer: "dialog" });

  shell.register("actionSheet", function (request, respond) {
    var p = request.params;
    var options = (p.otherButtons || []).map(function (label, index) {
      return h("button", {
        class: "dd-option",
        "data-index": String(index),
        onclick: function () { respond.answer({ buttonIndex: index }); },
      }, label);
    });
    return h("div", { class: "dd-sheet", role: "dialog" },
      text(p, "title") ? h("div", { class: "dd-sheet-caption", text: p.title }) : null,
      h("div", { class: "dd-sheet-body" }, options),
      h("div", { class: "dd-sheet-gap" }),
      h("button", {
        class: "dd-option dd-sheet-cancel",
        "data-index": "-1",
        onclick: function () { respond.answer({ buttonIndex: -1 }); },
      }, text(p, "cancelButton") || "取消"));
  }, { layer: "sheet" });
})();
