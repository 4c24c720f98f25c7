/* The picker sheets of the device shell: dates, calendars, selects, regions, contacts.
 *
 * Each renderer draws one kind of request (see jsapi/pickers/basic.py for the
 * kinds) and answers it with the same natural values a test would queue:
 *   picker.date / picker.time / picker.datetime  {iso: "2024-05-01T09:30"}
 *   picker.calendar                              {value, half} or {start, end}
 *   picker.chosen                                {index}
 *   picker.multi                                 {indexes: [...]}
 *   picker.region                                {code}
 *   picker.contact                               {users: [...], departments: [...]}
 * Python turns those into the result the page receives.
 */
(function () {
  "use strict";

  var shell = window.ddemuShell;
  if (!shell || typeof shell.register !== "function") {
    return;
  }

  // The sheets' own styles, beside this file.
  (function addStyles() {
    var script = document.currentScript;
    var href = script && script.src ? script.src.replace(/pickers\.js(\?.*)?$/, "pickers.css") : "";
    if (href && !document.querySelector('link[data-dd-pickers]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.setAttribute("data-dd-pickers", "");
      document.head.appendChild(link);
    }
  })();

  /** el("div", {class: "x", text: "y", onclick: fn, "data-a": 1}, child, ...) */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] == null) continue;
      if (key === "class") node.className = attrs[key];
      else if (key === "text") node.textContent = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else if (key === "checked" || key === "disabled" || key === "value") node[key] = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function daysIn(year, month) {
    return new Date(year, month, 0).getDate(); // month 1-12
  }

  /** The sheet frame: 取消 | title | 确定, then the body, then an optional footer. */
  function frame(kind, title, respond, onOk, body, footer) {
    var ok = el("button", { class: "dd-sheet-ok", type: "button", text: "确定", onclick: onOk });
    return el(
      "div",
      { class: "dd-sheet dd-picker", "data-dd-picker": kind },
      el(
        "div",
        { class: "dd-sheet-head" },
        el("button", {
          class: "dd-sheet-cancel",
          type: "button",
          text: "取消",
          onclick: function () {
            respond.cancel();
          },
        }),
        el("div", { class: "dd-sheet-title", text: title || "" }),
        ok
      ),
      body,
      footer || null
    );
  }

  /** A scrolling column of choices, like one wheel of a native picker. */
  function wheel(name, items, selected, onpick) {
    var column = el("div", { class: "dd-wheel", "data-dd-wheel": name });
    items.forEach(function (item) {
      var row = el("div", {
        class: "dd-wheel-item" + (item.value === selected ? " selected" : ""),
        "data-value": String(item.value),
        text: item.label,
        onclick: function () {
          Array.prototype.forEach.call(column.children, function (c) {
            c.classList.remove("selected");
          });
          row.classList.add("selected");
          onpick(item.value);
        },
      });
      column.appendChild(row);
    });
    setTimeout(function () {
      var chosen = column.querySelector(".selected");
      if (chosen) column.scrollTop = chosen.offsetTop - column.clientHeight / 2 + 18;
    }, 0);
    return column;
  }

  function range(from, to, unit) {
    var out = [];
    for (var i = from; i <= to; i++) out.push({ value: i, label: (unit === "" ? pad(i) : i) + unit });
    return out;
  }

  // -- picker.date, picker.time, picker.datetime: wheels ----------------------

  function dateWheels(request, respond) {
    var sheet = request.params;
    var iso = sheet.iso; // "2024-05-01T09:30"
    var state = {
      y: +iso.slice(0, 4),
      M: +iso.slice(5, 7),
      d: +iso.slice(8, 10),
      H: +iso.slice(11, 13),
      m: +iso.slice(14, 16),
    };
    var body = el("div", { class: "dd-wheels" });
    var preview = el("div", { class: "dd-picker-preview" });

    function isoNow() {
      return state.y + "-" + pad(state.M) + "-" + pad(state.d) + "T" + pad(state.H) + ":" + pad(state.m);
    }
    function shown() {
      var text = isoNow();
      if (!sheet.hasDate) return text.slice(11);
      return sheet.hasTime ? text.replace("T", " ") : text.slice(0, 10);
    }
    function pick(field) {
      return function (value) {
        state[field] = value;
        if (field === "y" || field === "M") {
          state.d = Math.min(state.d, daysIn(state.y, state.M));
          draw();
        }
        preview.textContent = shown();
      };
    }
    function draw() {
      body.textContent = "";
      if (sheet.hasDate) {
        body.appendChild(wheel("year", range(state.y - 10, state.y + 10, "年"), state.y, pick("y")));
        body.appendChild(wheel("month", range(1, 12, "月"), state.M, pick("M")));
        body.appendChild(wheel("day", range(1, daysIn(state.y, state.M), "日"), state.d, pick("d")));
      }
      if (sheet.hasTime || !sheet.hasDate) {
        body.appendChild(wheel("hour", range(0, 23, ""), state.H, pick("H")));
        body.appendChild(wheel("minute", range(0, 59, ""), state.m, pick("m")));
      }
      preview.textContent = shown();
    }
    draw();
    return frame(
      request.kind,
      sheet.title || { "picker.date": "选择日期", "picker.time": "选择时间" }[request.kind] || "选择日期和时间",
      respond,
      function () {
        respond.answer({ iso: isoNow() });
      },
      el("div", {}, preview, body)
    );
  }

  // -- picker.calendar: a month grid ------------------------------------------

  function calendar(request, respond) {
    var sheet = request.params;
    var mode = sheet.mode; // day, halfday, datetime, interval
    var first = (mode === "interval" ? sheet.start : sheet.value).slice(0, 10);
    var state = {
      day: mode === "interval" ? null : first,
      start: mode === "interval" ? sheet.start : null,
      end: mode === "interval" ? sheet.end : null,
      half: sheet.half || "am",
      H: mode === "datetime" ? +sheet.value.slice(11, 13) : 0,
      m: mode === "datetime" ? +sheet.value.slice(14, 16) : 0,
      year: +first.slice(0, 4),
      month: +first.slice(5, 7),
    };
    var grid = el("div", { class: "dd-calendar" });
    var extra = el("div", { class: "dd-calendar-extra" });

    function key(y, M, d) {
      return y + "-" + pad(M) + "-" + pad(d);
    }
    function draw() {
      grid.textContent = "";
      grid.appendChild(
        el(
          "div",
          { class: "dd-calendar-nav" },
          el("button", { type: "button", class: "dd-btn", text: "‹", "aria-label": "上个月", onclick: function () { move(-1); } }),
          el("span", { class: "dd-calendar-month", text: state.year + "年" + state.month + "月" }),
          el("button", { type: "button", class: "dd-btn", text: "›", "aria-label": "下个月", onclick: function () { move(1); } })
        )
      );
      var days = el("div", { class: "dd-calendar-days" });
      "日一二三四五六".split("").forEach(function (w) {
        days.appendChild(el("span", { class: "dd-calendar-weekday", text: w }));
      });
      var offset = new Date(state.year, state.month - 1, 1).getDay();
      for (var i = 0; i < offset; i++) days.appendChild(el("span", {}));
      for (var d = 1; d <= daysIn(state.year, state.month); d++) {
        var k = key(state.year, state.month, d);
        var picked =
          mode === "interval"
            ? k === state.start || k === state.end || (state.start && state.end && k > state.start && k < state.end)
            : k === state.day;
        days.appendChild(
          el("button", {
            type: "button",
            class: "dd-calendar-day" + (picked ? " selected" : ""),
            "data-date": k,
            text: String(d),
            onclick: pickDay(k),
          })
        );
      }
      grid.appendChild(days);
    }
    function move(delta) {
      state.month += delta;
      if (state.month < 1) { state.month = 12; state.year -= 1; }
      if (state.month > 12) { state.month = 1; state.year += 1; }
      draw();
    }
    function pickDay(k) {
      return function () {
        if (mode !== "interval") {
          state.day = k;
        } else if (!state.start || state.end) {
          state.start = k;
          state.end = null;
        } else if (k < state.start) {
          state.end = state.start;
          state.start = k;
        } else {
          state.end = k;
        }
        draw();
      };
    }
    if (mode === "halfday") {
      ["am", "pm"].forEach(function (half) {
        extra.appendChild(
          el("button", {
            type: "button",
            class: "dd-btn dd-half" + (state.half === half ? " selected" : ""),
            text: half === "am" ? "上午" : "下午",
            onclick: function (event) {
              state.half = half;
              Array.prototype.forEach.call(extra.children, function (b) { b.classList.remove("selected"); });
              event.currentTarget.classList.add("selected");
            },
          })
        );
      });
    } else if (mode === "datetime") {
      extra.appendChild(
        el(
          "div",
          { class: "dd-wheels dd-wheels-small" },
          wheel("hour", range(0, 23, ""), state.H, function (v) { state.H = v; }),
          wheel("minute", range(0, 59, ""), state.m, function (v) { state.m = v; })
        )
      );
    }
    draw();
    var titles = { day: "选择日期", halfday: "选择半天", datetime: "选择日期和时间", interval: "选择日期范围" };
    return frame(
      request.kind,
      sheet.title || titles[mode],
      respond,
      function () {
        if (mode === "interval") {
          respond.answer({ start: state.start, end: state.end || state.start });
        } else if (mode === "halfday") {
          respond.answer({ value: state.day, half: state.half });
        } else if (mode === "datetime") {
          respond.answer({ value: state.day + "T" + pad(state.H) + ":" + pad(state.m) });
        } else {
          respond.answer({ value: state.day });
        }
      },
      el("div", {}, grid, extra)
    );
  }

  // -- picker.chosen and picker.multi: lists ----------------------------------

  function chosen(request, respond) {
    var sheet = request.params;
    var selected = sheet.selected;
    var list = el("div", { class: "dd-option-list" });
    sheet.options.forEach(function (option, index) {
      list.appendChild(
        el("div", {
          class: "dd-option" + (index === selected ? " selected" : ""),
          role: "option",
          "data-index": index,
          text: option.key,
          onclick: function (event) {
            selected = index;
            Array.prototype.forEach.call(list.children, function (c) { c.classList.remove("selected"); });
            event.currentTarget.classList.add("selected");
          },
        })
      );
    });
    return frame(request.kind, sheet.title || "请选择", respond, function () {
      respond.answer({ index: selected });
    }, list);
  }

  function multi(request, respond) {
    var sheet = request.params;
    var ticked = {};
    sheet.selected.forEach(function (i) { ticked[i] = true; });
    var list = el("div", { class: "dd-option-list" });
    sheet.options.forEach(function (option, index) {
      var box = el("input", { type: "checkbox", checked: !!ticked[index] });
      var row = el(
        "label",
        { class: "dd-option dd-check" + (ticked[index] ? " selected" : ""), "data-index": index },
        box,
        el("span", { text: option })
      );
      box.addEventListener("change", function () {
        ticked[index] = box.checked;
        row.classList.toggle("selected", box.checked);
      });
      list.appendChild(row);
    });
    return frame(request.kind, sheet.title || "请选择", respond, function () {
      var indexes = [];
      sheet.options.forEach(function (_, i) { if (ticked[i]) indexes.push(i); });
      respond.answer({ indexes: indexes });
    }, list);
  }

  // -- picker.region: province, city, district columns ------------------------

  function region(request, respond) {
    var sheet = request.params;
    var path = sheet.selected.slice(); // codes, top first
    var body = el("div", { class: "dd-wheels dd-region" });

    function draw() {
      body.textContent = "";
      var level = sheet.regions;
      for (var depth = 0; depth < 3 && level && level.length; depth++) {
        var code = path[depth];
        if (!level.some(function (r) { return r.code === code; })) {
          code = level[0].code;
          path[depth] = code;
        }
        body.appendChild(
          wheel(
            ["province", "city", "district"][depth],
            level.map(function (r) { return { value: r.code, label: r.name }; }),
            code,
            (function (at) {
              return function (value) {
                path[at] = value;
                path.length = at + 1;
                draw();
              };
            })(depth)
          )
        );
        var node = level.filter(function (r) { return r.code === code; })[0];
        level = node.children;
      }
      path.length = Math.min(path.length, body.children.length);
    }
    draw();
    return frame(request.kind, "选择地区", respond, function () {
      respond.answer({ code: path[path.length - 1] });
    }, body);
  }

  // -- picker.contact: a searchable org tree ----------------------------------

  function contact(request, respond) {
    var sheet = request.params;
    var mode = sheet.mode; // "users", "users+departments", "departments"
    var pickUsers = mode !== "departments";
    var pickDepts = mode !== "users";
    var users = sheet.pickedUsers.slice();
    var depts = sheet.pickedDepartments.slice();
    var disabledUsers = sheet.disabledUsers;
    var disabledDepts = sheet.disabledDepartments;
    var requiredUsers = sheet.requiredUsers;
    var requiredDepts = sheet.requiredDepartments;
    var trail = []; // departments entered, root first
    var query = "";
    var people = {}; // userid -> {userid, name, title, avatar}
    var everyone = [];

    (function index(nodes) {
      nodes.forEach(function (dept) {
        dept.users.forEach(function (u) {
          if (!people[u.userid]) { people[u.userid] = u; everyone.push(u); }
        });
        index(dept.children);
      });
    })(sheet.tree);
    (sheet.candidates || []).forEach(function (u) {
      if (!people[u.userid]) { people[u.userid] = u; everyone.push(u); }
    });

    var search = el("input", {
      class: "dd-contact-search",
      type: "search",
      placeholder: "搜索",
      oninput: function () { query = search.value.trim().toLowerCase(); draw(); },
    });
    var crumbs = el("div", { class: "dd-contact-crumbs" });
    var list = el("div", { class: "dd-option-list dd-contact-list" });
    var tip = el("div", { class: "dd-contact-tip", role: "alert" });
    var count = el("span", { class: "dd-contact-count" });

    function has(list, x) { return list.indexOf(x) >= 0; }
    function remove(list, x) { var i = list.indexOf(x); if (i >= 0) list.splice(i, 1); }
    function total() { return users.length + depts.length; }
    function full() {
      if (!sheet.multiple) return false;
      return sheet.maxUsers != null && users.length >= sheet.maxUsers;
    }
    function toggle(listed, id, required) {
      tip.textContent = "";
      if (has(listed, id)) {
        if (!has(required, id)) remove(listed, id);
      } else {
        if (!sheet.multiple) { users.length = 0; depts.length = 0; requiredUsers.forEach(function (r) { users.push(r); }); }
        if (listed === users && full()) {
          tip.textContent = sheet.limitTips || "最多只能选择" + sheet.maxUsers + "人";
          return;
        }
        if (listed === depts && sheet.maxDepartments != null && depts.length >= sheet.maxDepartments) {
          tip.textContent = sheet.limitTips || "最多只能选择" + sheet.maxDepartments + "个部门";
          return;
        }
        listed.push(id);
      }
      draw();
    }
    function userRow(u) {
      var off = has(disabledUsers, u.userid);
      var box = el("input", {
        type: sheet.multiple ? "checkbox" : "radio",
        checked: has(users, u.userid),
        disabled: off || has(requiredUsers, u.userid),
      });
      return el(
        "label",
        {
          class: "dd-option dd-check dd-contact-user" + (has(users, u.userid) ? " selected" : "") + (off ? " disabled" : ""),
          "data-userid": u.userid,
          onclick: function (event) {
            event.preventDefault();
            if (!off) toggle(users, u.userid, requiredUsers);
          },
        },
        box,
        u.avatar ? el("img", { class: "dd-avatar", src: u.avatar, alt: "" }) : el("span", { class: "dd-avatar" }),
        el("span", { class: "dd-contact-name", text: u.name }),
        el("span", { class: "dd-contact-title", text: u.title || "" })
      );
    }
    function deptRow(dept) {
      var off = has(disabledDepts, dept.id);
      var row = el(
        "div",
        { class: "dd-option dd-contact-dept" + (has(depts, dept.id) ? " selected" : ""), "data-dept": dept.id },
        pickDepts
          ? el("input", {
              type: sheet.multiple ? "checkbox" : "radio",
              "aria-label": "选择" + dept.name,
              checked: has(depts, dept.id),
              disabled: off || has(requiredDepts, dept.id),
              onclick: function (event) {
                event.stopPropagation();
                event.preventDefault();
                if (!off) toggle(depts, dept.id, requiredDepts);
              },
            })
          : null,
        el("span", { class: "dd-contact-name", text: dept.name }),
        el("span", { class: "dd-contact-title", text: dept.number + "人" }),
        el("button", {
          type: "button",
          class: "dd-contact-enter",
          text: "下级 ›",
          onclick: function () { trail.push(dept); draw(); },
        })
      );
      return row;
    }
    function draw() {
      list.textContent = "";
      crumbs.textContent = "";
      if (query) {
        everyone
          .filter(function (u) {
            return (u.name + " " + u.userid + " " + (u.title || "")).toLowerCase().indexOf(query) >= 0;
          })
          .forEach(function (u) { if (pickUsers) list.appendChild(userRow(u)); });
      } else if (sheet.candidates) {
        sheet.candidates.forEach(function (u) { list.appendChild(userRow(u)); });
      } else {
        crumbs.appendChild(
          el("button", { type: "button", class: "dd-crumb", text: sheet.corpName, onclick: function () { trail.length = 0; draw(); } })
        );
        trail.forEach(function (dept, i) {
          crumbs.appendChild(document.createTextNode(" › "));
          crumbs.appendChild(
            el("button", { type: "button", class: "dd-crumb", text: dept.name, onclick: function () { trail.length = i + 1; draw(); } })
          );
        });
        // A corp with one root department opens inside it, as the client does.
        var top = sheet.tree.length === 1 ? sheet.tree[0] : null;
        var here = trail.length ? trail[trail.length - 1] : top;
        var subdepts = here ? here.children : sheet.tree;
        subdepts.forEach(function (dept) { list.appendChild(deptRow(dept)); });
        if (here && pickUsers) here.users.forEach(function (u) { list.appendChild(userRow(u)); });
      }
      var names = users.map(function (id) { return people[id] ? people[id].name : id; });
      count.textContent = "已选择: " + total() + (names.length ? " (" + names.join("、") + ")" : "");
    }
    draw();
    var title = sheet.title || (mode === "departments" ? "选择部门" : "选择人员");
    return frame(
      request.kind,
      title,
      respond,
      function () {
        respond.answer({ users: pickUsers ? users.slice() : [], departments: pickDepts ? depts.slice() : [] });
      },
      el("div", { class: "dd-contact" }, pickUsers ? search : null, crumbs, list, tip),
      el("div", { class: "dd-sheet-foot" }, count)
    );
  }

  var sheetLayer = { layer: "sheet" };
  shell.register("picker.date", dateWheels, sheetLayer);
  shell.register("picker.time", dateWheels, sheetLayer);
  shell.register("picker.datetime", dateWheels, sheetLayer);
  shell.register("picker.calendar", calendar, sheetLayer);
  shell.register("picker.chosen", chosen, sheetLayer);
  shell.register("picker.multi", multi, sheetLayer);
  shell.register("picker.region", region, sheetLayer);
  shell.register("picker.contact", contact, sheetLayer);
})();
