/* The device shell: draws the device's state and sends a person's clicks back to ddemu.
 *
 * State comes by long polling `stateUrl` (it answers once the state differs from the etag
 * sent). UI requests (dialogs, pickers) are drawn by the renderer registered for their
 * kind: `ddemuShell.register(kind, render, {layer})`, where `render(request, respond)`
 * returns an element and calls `respond.answer(result)` or `respond.cancel()`.
 */
(function () {
  "use strict";

  var config = window.__DDEMU_SHELL__ || {};
  var shellId = "shell-" + Math.random().toString(36).slice(2, 10);
  var renderers = {};
  var state = null;
  var shown = null; // {id, element}
  var stopped = false;
  var appUrl = "";

  /** Build an element: h("button", {class: "x", text: "OK", onclick: fn}, child, ...). */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      var value = attrs[key];
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") el.textContent = String(value);
      else if (key === "class") el.className = value;
      else if (key.slice(0, 2) === "on" && typeof value === "function") el.addEventListener(key.slice(2), value);
      else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
      else if (key in el && key !== "list" && typeof value !== "string") el[key] = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || response.statusText);
        return data;
      });
    });
  }

  /** Register how requests of `kind` are drawn. options.layer: "dialog" (centre) or "sheet" (bottom). */
  function register(kind, render, options) {
    renderers[kind] = { render: render, layer: (options && options.layer) || "sheet" };
  }

  // -- the status bar ---------------------------------------------------------------------------

  function drawStatus(s) {
    var bar = document.getElementById("dd-status");
    var level = s.battery ? s.battery.level : 100;
    var battery = h("span", {
      class: "dd-battery" + (level <= 20 ? " dd-low" : "") + (s.battery && s.battery.charging ? " dd-charging" : ""),
      title: level + "%",
    }, h("i", { style: { width: Math.max(0, Math.min(100, level)) * 0.16 + "px" } }));
    var network = s.network === "none" ? "无服务" : s.network === "wifi" ? "Wi-Fi" : s.network.toUpperCase();
    bar.replaceChildren(
      h("span", { class: "dd-status-time", text: s.time }),
      h("span", { class: "dd-status-right" },
        h("span", { class: "dd-status-network", text: network }),
        h("span", { class: "dd-status-level", text: level + "%" }),
        battery)
    );
  }

  // -- the navigation bar -----------------------------------------------------------------------

  function tap(target, id) {
    return post(config.tapUrl, { device: config.device, target: target, id: id }).catch(function (error) {
      console.warn("ddemu shell:", error.message);
    });
  }

  function appTitle() {
    try {
      var frame = document.getElementById("dd-app");
      return (frame.contentDocument && frame.contentDocument.title) || "";
    } catch (e) {
      return ""; // another origin
    }
  }

  function drawNav(s) {
    var nav = s.navigation;
    var bar = document.getElementById("dd-nav");
    var left = nav.left;
    var leftButton = null;
    if (!left || left.show) {
      var leftText = left && left.text ? left.text : "";
      leftButton = h("button", {
        class: "dd-nav-btn dd-nav-left-btn" + (left && left.showIcon === false ? "" : " dd-nav-back"),
        "data-dd": "left",
        "aria-label": leftText || "返回",
        onclick: function () { tap("left"); },
      }, leftText);
    }
    var right = [];
    if (nav.menu && nav.menu.items.length) {
      nav.menu.items.forEach(function (item) {
        right.push(h("button", {
          class: "dd-nav-btn",
          "data-dd": "menu",
          "data-id": String(item.id),
          style: nav.menu.textColor ? { color: nav.menu.textColor } : null,
          onclick: function () { tap("menu", item.id); },
        }, item.text || item.iconId || String(item.id),
        item.badge ? h("span", { class: "dd-badge", text: item.badge }) : item.showRedDot ? h("span", { class: "dd-dot" }) : null));
      });
    }
    if (nav.right && nav.right.show) {
      right.push(h("button", {
        class: "dd-nav-btn" + (nav.right.text ? "" : " dd-nav-more"),
        "data-dd": "right",
        "aria-label": nav.right.text || "更多",
        onclick: function () { tap("right"); },
      }, nav.right.text || "···"));
    } else if (!nav.right && !(nav.menu && nav.menu.items.length)) {
      right.push(h("button", { class: "dd-nav-btn dd-nav-more", "data-dd": "more", "aria-label": "更多", disabled: true }, "···"));
    }
    var help = nav.icon && nav.icon.show
      ? h("span", { class: "dd-nav-help", "data-dd": "icon", title: "help", text: "?", onclick: function () { tap("icon"); } })
      : null;
    var title = nav.title || appTitle();
    bar.replaceChildren(
      h("div", { class: "dd-nav-side dd-nav-left" }, leftButton),
      h("div", { class: "dd-nav-title" },
        h("b", { class: "dd-nav-title-text" }, title, help),
        nav.subtitle ? h("small", { text: nav.subtitle }) : null),
      h("div", { class: "dd-nav-side dd-nav-right" }, right)
    );
    if (nav.menu && nav.menu.backgroundColor) bar.style.background = nav.menu.backgroundColor;
    else bar.style.background = "";
    bar.classList.toggle("dd-hidden", !!nav.hidden);
  }

  // -- a page that closed its window (biz.navigation.close) --------------------------------------

  function drawClosed(s) {
    var body = document.getElementById("dd-body");
    var old = body.querySelector(".dd-closed");
    if (!s.navigation.closed) { if (old) old.remove(); return; }
    if (old) return;
    body.appendChild(h("div", { class: "dd-closed", role: "status" },
      h("p", { text: "页面已关闭" }),
      h("button", {
        class: "dd-btn dd-btn-primary",
        onclick: function () {
          tap("reopen").then(function () {
            document.getElementById("dd-app").src = appUrl;
          });
        },
      }, "重新打开")));
  }

  // -- layers: toast, preloader, requests -------------------------------------------------------

  function layers() { return document.getElementById("dd-layers"); }

  function drawToast(s) {
    var old = layers().querySelector(".dd-toast");
    var key = s.toast ? s.toast.at + "|" + s.toast.text : "";
    if (old && old.dataset.key === key) return;
    if (old) old.remove();
    if (!s.toast) return;
    var icon = s.toast.icon === "success" ? "✓" : s.toast.icon === "error" ? "✕" : "";
    layers().appendChild(h("div", { class: "dd-toast", "data-key": key, role: "status" },
      icon ? h("span", { class: "dd-toast-icon", text: icon }) : null,
      s.toast.text));
  }

  function drawPreloader(s) {
    var old = layers().querySelector(".dd-preloader");
    if (s.preloader === null || s.preloader === undefined) { if (old) old.remove(); return; }
    if (old && old.dataset.text === s.preloader) return;
    if (old) old.remove();
    layers().appendChild(h("div", { class: "dd-preloader", "data-text": s.preloader, role: "progressbar" },
      h("div", null, h("span", { class: "dd-spinner" }), s.preloader || "加载中...")));
  }

  function responder(request, holder) {
    var settled = false;
    function send(body) {
      if (settled) return Promise.resolve();
      body.device = config.device;
      body.id = request.id;
      return post(config.answerUrl, body).then(function () {
        settled = true;
        if (shown && shown.id === request.id) { shown.element.remove(); shown = null; }
      }, function (error) {
        var note = holder.querySelector(".dd-error") || h("div", { class: "dd-error", role: "alert" });
        note.textContent = error.message;
        (holder.querySelector(".dd-dialog, .dd-sheet") || holder).appendChild(note);
      });
    }
    return {
      answer: function (result) { return send({ result: result || {} }); },
      cancel: function () { return send({ cancel: true }); },
    };
  }

  function drawRequest(s) {
    var next = s.pending.length ? s.pending[0] : null;
    if (shown && (!next || shown.id !== next.id)) { shown.element.remove(); shown = null; }
    if (!next || shown) return;
    var entry = renderers[next.kind] || renderers["*"];
    var holder = h("div", {
      class: "dd-mask" + (entry.layer === "sheet" ? " dd-sheet-mask" : ""),
      "data-request": next.id,
      "data-kind": next.kind,
    });
    var respond = responder(next, holder);
    if (entry.layer === "sheet") {
      // A tap on the dimmed page above a sheet backs out of it, as on the phone.
      holder.addEventListener("click", function (event) { if (event.target === holder) respond.cancel(); });
    }
    var element;
    try {
      element = entry.render(next, respond);
    } catch (error) {
      // A renderer that fails still leaves the request answerable.
      console.error("ddemu shell: the " + next.kind + " renderer failed", error);
      element = renderers["*"].render(next, respond);
    }
    if (element) holder.appendChild(element);
    layers().appendChild(holder);
    shown = { id: next.id, element: holder };
  }

  function draw(s) {
    state = s;
    drawStatus(s);
    drawNav(s);
    drawClosed(s);
    drawToast(s);
    drawPreloader(s);
    drawRequest(s);
    document.documentElement.dataset.ddEtag = s.etag;
  }

  // -- a request of a kind nobody drew: answer it as JSON ----------------------------------------

  register("*", function (request, respond) {
    var input = h("textarea", { "aria-label": "result JSON" });
    input.value = "{}";
    return h("div", { class: "dd-sheet dd-generic" },
      h("div", { class: "dd-sheet-head" },
        h("button", { class: "dd-sheet-cancel", onclick: function () { respond.cancel(); } }, "取消"),
        h("span", { class: "dd-sheet-title", text: request.kind }),
        h("button", {
          class: "dd-sheet-ok",
          onclick: function () {
            var value;
            try { value = JSON.parse(input.value); } catch (e) { value = null; }
            if (!value || typeof value !== "object" || Array.isArray(value)) {
              input.style.borderColor = "#ff3b30";
              input.title = "the result must be a JSON object";
              return;
            }
            respond.answer(value);
          },
        }, "确定")),
      h("pre", { text: request.method + " " + JSON.stringify(request.params, null, 1) }),
      input);
  }, { layer: "sheet" });

  // -- polling ------------------------------------------------------------------------------------

  function poll() {
    if (stopped) return;
    var etag = state ? state.etag : "";
    var url = config.stateUrl + "?device=" + encodeURIComponent(config.device) +
      "&shell=" + shellId + "&person=" + (config.person ? "1" : "0") + "&since=" + etag;
    fetch(url, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    }).then(function (s) {
      try {
        draw(s);
      } catch (error) {
        console.error("ddemu shell: drawing failed", error); // keep following the device
      }
      poll();
    }, function () {
      setTimeout(poll, 1000); // ddemu restarting or gone: try again shortly
    });
  }

  window.addEventListener("pagehide", function () {
    stopped = true;
    var url = config.goneUrl + "?device=" + encodeURIComponent(config.device) + "&shell=" + shellId;
    if (navigator.sendBeacon) navigator.sendBeacon(url);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var frame = document.getElementById("dd-app");
    appUrl = frame.src;
    // The page's <title> is the bar's title until the page sets one.
    var lastTitle = "";
    setInterval(function () {
      var title = appTitle();
      if (state && !state.navigation.title && title !== lastTitle) drawNav(state);
      lastTitle = title;
    }, 500);
    frame.addEventListener("load", function () { if (state) drawNav(state); });
    poll();
  });

  window.ddemuShell = {
    config: config,
    shellId: shellId,
    register: register,
    renderers: renderers,
    h: h,
    tap: tap,
    get state() { return state; },
  };
})();
