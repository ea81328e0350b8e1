// Operator page of mysql-mongo-sync: reads the /sync API every few seconds and renders it; the buttons call the API.
// Plain browser JavaScript, no build step. Every field is optional: what the service does not send is left out.
(function () {
  "use strict";

  var TOKEN_KEY = "mysql-mongo-sync.token";
  var REFRESH_MS = 5000; // every 5 s; every second while a run is active, so progress bars move
  var ACTIVE_REFRESH_MS = 1000;
  var running = false;
  var token = sessionStorage.getItem(TOKEN_KEY) || "";
  var $ = function (id) { return document.getElementById(id); };

  // ---- API access: relative URLs (the page may sit behind a path prefix), the token only in this header --------
  function api(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (token) { headers["Authorization"] = "Bearer " + token; }
    var init = { method: method, headers: headers, credentials: "omit", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { message: text }; }
        return { status: response.status, ok: response.ok, data: data };
      });
    });
  }

  // ---- Small helpers -------------------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
    });
    return node;
  }
  function present(v) { return v !== null && v !== undefined && v !== ""; }
  function num(n) { return typeof n === "number" ? n.toLocaleString("en-US") : (present(n) ? String(n) : "—"); }
  function when(iso) {
    // Dates come as ISO strings, or as extended JSON {"$date": "..."} / {"$date": {"$numberLong": "..."}}.
    if (iso && typeof iso === "object" && "$date" in iso) {
      iso = iso.$date && typeof iso.$date === "object" ? Number(iso.$date.$numberLong) : iso.$date;
    }
    if (!present(iso)) { return "—"; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    var s = Math.round((Date.now() - d.getTime()) / 1000);
    var rel = Math.abs(s) < 60 ? Math.abs(s) + " s" : Math.abs(s) < 3600 ? Math.round(Math.abs(s) / 60) + " min"
      : Math.round(Math.abs(s) / 3600) + " h";
    return d.toLocaleTimeString() + (s >= 0 ? " (" + rel + " ago)" : " (in " + rel + ")");
  }
  function seconds(v) {
    if (typeof v !== "number") { return "—"; }
    return v < 60 ? v.toFixed(v < 10 ? 1 : 0) + " s" : v < 3600 ? Math.round(v / 60) + " min" : (v / 3600).toFixed(1) + " h";
  }
  function badge(state) {
    var s = present(state) ? String(state) : "unknown";
    return el("span", { "class": "state state-" + s.toLowerCase().replace(/[^a-z]+/g, "-"), text: s });
  }
  function fill(tbody, rows, columns, empty) {
    tbody.textContent = "";
    if (rows.length === 0) {
      tbody.appendChild(el("tr", {}, [el("td", { colspan: String(columns), "class": "muted", text: empty })]));
    }
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  function say(text, kind) {
    var m = $("message");
    m.textContent = text || "";
    m.className = kind || "";
  }

  // ---- State shown by the page ---------------------------------------------------------------------------------
  // The overall state: the service's own `state` if it sends one, else derived from paused/running.
  function overallState(s) {
    if (present(s.state)) { return String(s.state); }
    if (s.paused) { return present(s.paused_reason) && /critical|failed/i.test(s.paused_reason) ? "FAILED" : "PAUSED"; }
    return s.running ? "RUNNING (syncing)" : "RUNNING";
  }
  // A table's state: its `state` if sent, else derived from last_status and phase.
  function tableState(t) {
    if (present(t.state)) { return String(t.state); }
    if (t.last_status === "running") { return t.phase === "initial" || t.mode === "initial" ? "loading" : "syncing"; }
    if (t.last_status === "failed" || t.last_status === "blocked") { return t.last_status; }
    if (t.phase === "not_started") { return "not started"; }
    return "idle";
  }
  function isCopying(t, state) {
    return /loading|syncing|running|copying/i.test(state) && typeof t.progress === "number";
  }

  var lastErrors = {}; // table -> error of its latest run result, from /sync/history (a fallback for last_error)
  var metricLags = {}; // table -> sync_lag_seconds from /q/metrics (a fallback for lag_seconds)

  // Reads sync_lag_seconds{table="..."} from the Prometheus text of /q/metrics.
  function readLags(text) {
    var lags = {};
    String(text || "").split("\n").forEach(function (line) {
      var m = /^sync_lag_seconds\{([^}]*)\}\s+(\S+)/.exec(line);
      var table = m && /table="([^"]*)"/.exec(m[1]);
      if (table && isFinite(parseFloat(m[2]))) { lags[table[1]] = parseFloat(m[2]); }
    });
    return lags;
  }

  function renderStatus(s) {
    var overall = overallState(s);
    var o = $("overall");
    o.textContent = overall;
    o.className = badge(overall).className;
    var parts = [];
    if (typeof s.ready === "boolean") { parts.push(s.ready ? "ready" : "NOT READY"); }
    var deps = s.dependencies || {};
    Object.keys(deps).forEach(function (name) {
      var d = deps[name] || {};
      if (present(d.state) && d.state !== "ok") {
        parts.push((name === "mysql" ? "MySQL" : name === "mongodb" ? "MongoDB" : name) + " " + d.state
          + (present(d.message) ? ": " + d.message : ""));
      }
    });
    if (s.paused && present(s.paused_reason)) { parts.push("paused: " + s.paused_reason); }
    if (s.running) { parts.push("a run is active" + (present(s.current_run_id) ? " (" + String(s.current_run_id).slice(0, 8) + ")" : "")); }
    if (present(s.last_sync)) { parts.push("last run " + when(s.last_sync)); }
    if (present(s.next_sync)) { parts.push("next run " + when(s.next_sync)); }
    if (typeof s.sync_interval_minutes === "number") { parts.push("every " + s.sync_interval_minutes + " min"); }
    if (present(s.replica)) { parts.push("replica " + s.replica); }
    $("summary").textContent = parts.join(" · ");
    $("pause").disabled = s.paused === true;
    $("resume").disabled = s.paused === false;

    var tables = s.tables || {};
    var rows = Object.keys(tables).map(function (name) {
      var t = tables[name] || {};
      var state = tableState(t);
      var progress = "";
      if (isCopying(t, state)) {
        var pct = Math.max(0, Math.min(100, t.progress * 100));
        progress = el("div", { "class": "progress", title: pct.toFixed(1) + "%" }, [
          el("div", { "class": "bar", style: "width:" + pct.toFixed(1) + "%" }),
          el("span", { text: pct.toFixed(0) + "%" + (typeof t.eta_seconds === "number" ? " · ETA " + seconds(t.eta_seconds) : "") })]);
      }
      var error = present(t.last_error) ? t.last_error : lastErrors[name];
      var docs = present(t.documents) ? t.documents : t.rows_total;
      var lag = typeof t.lag_seconds === "number" ? t.lag_seconds : (name in metricLags ? metricLags[name] : null);
      var result = present(t.last_result) ? t.last_result : t.last_status;
      return el("tr", { "data-table": name }, [
        el("td", {}, [el("strong", { text: name })]),
        el("td", { text: present(t.collection) ? t.collection : name }),
        el("td", {}, [badge(state)]),
        el("td", {}, [progress || (present(t.phase) ? el("span", { "class": "muted", text: t.phase }) : "")]),
        el("td", { "class": "num", text: num(docs) }),
        el("td", { "class": "num", text: seconds(lag) }),
        el("td", {}, [present(result) ? badge(typeof result === "object" ? result.status : result) : "—"]),
        el("td", { "class": "small", title: t.interval_source === "table" ? "own interval (SYNC_" + name.toUpperCase()
          + "_INTERVAL_MINUTES)" : "default interval (PUT /sync/interval)",
          text: (present(t.next_run_at) ? when(t.next_run_at) : "—")
            + (typeof t.interval_minutes === "number" ? " · every " + t.interval_minutes + " min"
              + (t.interval_source === "table" ? " (own)" : "") : "") }),
        el("td", { "class": "error", text: present(error) ? String(error) : "" }),
        el("td", { "class": "small" }, [repairSummary(name, t.repair)]),
        el("td", { "class": "actions" }, [
          tableButton("verify", name, "POST /sync/verify of this table: compare it with its collection"),
          tableButton("repair", name, "POST /sync/repair of this table: rewrite exactly the differing keys"),
          tableButton("resnapshot", name, "POST /sync/resnapshot/" + name + ": reload it while the other tables go on")])]);
    });
    fill($("tables").tBodies[0], rows, 11, "no tables configured");
  }

  // The table's last scheduled repair: checked, missing, extra, different, repaired, and when the next is due.
  function repairSummary(name, r) {
    if (!r) { return el("span", { "class": "muted", text: "—" }); }
    var l = r.last;
    var figures = l ? l.status + ": " + num(l.checked) + " checked, " + num(l.missing) + " missing, " + num(l.extra)
      + " extra, " + num(l.different) + " different, " + num(l.repaired) + " repaired" : "not yet";
    var differing = l && (l.missing || l.extra || l.different);
    return el("span", { "class": differing ? "warn" : "", "data-repair": name,
      title: "scheduled repair every " + r.interval_minutes + " min" + (l && present(l.error) ? "; " + l.error : "")
        + (r.repairs_in_a_row >= 3 ? "; needed repairs " + r.repairs_in_a_row + " times in a row: writes that leave"
          + " the change column alone? binlog capture sees them" : ""),
      text: figures + " · next " + (present(r.next_run_at) ? when(r.next_run_at) : "at the next tick") });
  }

  function tableButton(kind, name, title) {
    return el("button", { type: "button", "class": "small-button", "data-action": kind, "data-table": name, title: title,
      text: kind === "resnapshot" ? "Re-snapshot" : kind.charAt(0).toUpperCase() + kind.slice(1) });
  }

  function renderHistory(runs) {
    lastErrors = {};
    (runs || []).slice().reverse().forEach(function (run) {
      (run.results || []).forEach(function (r) { lastErrors[r.table] = r.error || undefined; });
    });
    var rows = (runs || []).map(function (run) {
      var results = run.results || [];
      var tables = results.length ? results.map(function (r) {
        return r.table + " " + num((r.created || 0) + (r.updated || 0)) + " written" + (r.status !== "success" ? " (" + r.status + ")" : "");
      }).join(", ") : (run.tables || []).join(", ");
      var ms = present(run.started_at) && present(run.finished_at) ? new Date(run.finished_at) - new Date(run.started_at) : null;
      return el("tr", {}, [
        el("td", { text: when(run.started_at) }),
        el("td", { text: present(run.trigger) ? run.trigger : "—" }),
        el("td", {}, [badge(run.status)]),
        el("td", { "class": "num", text: num(run.total_records) }),
        el("td", { text: ms === null ? "—" : seconds(ms / 1000) }),
        el("td", { "class": "small", text: tables + (present(run.error) ? " — " + run.error : "") })]);
    });
    fill($("runs").tBodies[0], rows, 6, "no runs yet");
  }

  function renderVerification(v) {
    var box = $("verification");
    box.textContent = "";
    box.className = "";
    if (!v) { box.className = "muted"; box.textContent = "No verification yet (POST /sync/verify)."; return; }
    box.appendChild(el("p", {}, [badge(v.status), " ", (v.repair ? "repair" : "verify") + " started " + when(v.started_at)
      + (present(v.finished_at) ? ", finished " + when(v.finished_at) : "")]));
    var differing = 0;
    var count = function (n) {
      if (n) { differing += n; }
      return el("td", { "class": "num" + (n ? " warn" : ""), text: num(n) });
    };
    var rows = Object.keys(v.tables || {}).map(function (name) {
      var t = v.tables[name];
      return el("tr", {}, [el("td", { text: name }), el("td", { "class": "num", text: num(t.matching) }),
        count(t.missing), count(t.extra), count(t.different),
        el("td", { "class": "num", text: num(t.repaired) }),
        el("td", { "class": "error", text: present(t.error) ? t.error : "" })]);
    });
    box.appendChild(el("table", {}, [el("thead", {}, [el("tr", {}, ["table", "matching", "missing", "extra", "different",
      "repaired", "error"].map(function (h) { return el("th", { text: h }); }))]), el("tbody", {}, rows)]));
    if (differing && !v.repair) {
      box.appendChild(el("p", { "class": "muted small", text: "Rows changed after the last pass read them count as"
        + " missing or different until the next pass takes them. Keys that stay different after a pass are real"
        + " differences: POST /sync/repair rewrites exactly those." }));
    }
  }

  function renderConflicts(c) {
    var box = $("conflicts");
    box.textContent = "";
    var list = (c && c.conflicts) || [];
    box.className = list.length ? "" : "muted";
    if (!list.length) { box.textContent = "No conflicts recorded."; return; }
    box.appendChild(el("p", { "class": "small", text: num(c.total) + " recorded, newest first" }));
    box.appendChild(el("table", {}, [el("thead", {}, [el("tr", {}, ["detected", "table", "document", "winner", "policy"]
      .map(function (h) { return el("th", { text: h }); }))]), el("tbody", {}, list.map(function (x) {
        return el("tr", {}, [el("td", { text: when(x.detected_at) }), el("td", { text: x.table || "" }),
          el("td", { text: JSON.stringify(x.doc_id) }), el("td", { text: x.winner || "" }), el("td", { text: x.policy || "" })]);
      }))]));
  }

  function renderEvents(events) {
    var rows = (events || []).map(function (e) {
      var type = String(e.type || "").replace(/^io\.mysqlmongosync\./, "");
      return el("tr", {}, [
        el("td", { text: when(e.time) }),
        el("td", { text: type }),
        el("td", { "class": "small", text: present(e.subject) ? e.subject : "—" }),
        el("td", {}, [badge(e.outcome)]),
        el("td", { "class": "small summary", text: e.summary || "" })]);
    });
    fill($("events").tBodies[0], rows, 5, "no events yet");
  }

  // ---- Refresh loop --------------------------------------------------------------------------------------------
  function explain(result) {
    if (result.status === 401) { return "401: the API needs a token. Paste a sync-viewer or sync-operator token above."; }
    if (result.status === 403) { return "403: " + ((result.data && result.data.message) || "this token may not do that"); }
    return result.status + ": " + ((result.data && (result.data.message || result.data.error)) || "request failed");
  }

  var refreshing = false;
  var refreshFailed = false;
  function refresh() {
    if (refreshing) { return Promise.resolve(); }
    refreshing = true;
    return api("GET", "sync/history?limit=8").then(function (h) {
      if (h.ok) { renderHistory(h.data); }
      return fetch("q/metrics", { headers: token ? { "Authorization": "Bearer " + token } : {}, credentials: "omit", cache: "no-store" })
        .then(function (m) { return m.ok ? m.text() : ""; })
        .then(function (text) { metricLags = readLags(text); }, function () { metricLags = {}; });
    }).then(function () {
      return api("GET", "sync/status");
    }).then(function (s) {
      if (!s.ok) { say(explain(s), "error"); refreshFailed = true; return; }
      // Clear only an error of an earlier refresh; the answer to a button press stays until the next press.
      if (refreshFailed) { refreshFailed = false; say(""); }
      running = s.data && s.data.running === true;
      renderStatus(s.data);
      $("updated").textContent = new Date().toLocaleTimeString();
      return Promise.all([
        api("GET", "sync/verification").then(function (v) { if (v.status === 404) { renderVerification(null); } else if (v.ok) { renderVerification(v.data); } }),
        api("GET", "sync/conflicts?limit=10").then(function (c) { if (c.ok) { renderConflicts(c.data); } }),
        api("GET", "sync/events?limit=15").then(function (e) { if (e.ok) { renderEvents(e.data); } })]);
    }).catch(function (e) {
      say("The service does not answer: " + e.message, "error");
      refreshFailed = true;
    }).then(function () { refreshing = false; });
  }

  // Calls the API for a button (with the pasted token), says how it went and refreshes the page.
  function press(button, method, path, body, done) {
    button.disabled = true;
    refreshFailed = false;
    return api(method, path, body).then(function (r) {
      if (r.ok) {
        say(done(r.data), "ok");
      } else if (r.status === 409) {
        say("409: " + ((r.data && r.data.message) || "a run is already active"), "error");
      } else {
        say(explain(r), "error");
      }
      return refresh();
    }).catch(function (e) { say("The service does not answer: " + e.message, "error"); })
      .then(function () { button.disabled = false; });
  }

  function action(button, method, path, done) {
    $(button).addEventListener("click", function () { press($(button), method, path, undefined, done); });
  }

  // The per-table buttons (rows are drawn again on every refresh, so one listener on the table body).
  $("tables").tBodies[0].addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-action]") : null;
    if (!b) { return; }
    var name = b.getAttribute("data-table");
    var kind = b.getAttribute("data-action");
    if (kind === "resnapshot") {
      press(b, "POST", "sync/resnapshot/" + encodeURIComponent(name), undefined, function () {
        return "Re-snapshot of " + name + " started: it reloads while the other tables go on.";
      });
    } else {
      press(b, "POST", "sync/" + kind, { tables: [name] }, function () {
        return (kind === "repair" ? "Repair" : "Verification") + " of " + name + " started (see Last verification).";
      });
    }
  });

  action("pause", "POST", "sync/pause", function () { return "Paused: no scheduled runs until Resume."; });
  action("resume", "POST", "sync/resume", function () { return "Resumed."; });
  action("trigger", "POST", "sync/trigger", function (d) { return "Run " + (d && d.run_id ? d.run_id + " " : "") + "started."; });

  $("token").value = token;
  $("remember").checked = !!sessionStorage.getItem(TOKEN_KEY);
  $("token-form").addEventListener("submit", function (e) {
    e.preventDefault();
    token = $("token").value.trim();
    if ($("remember").checked && token) { sessionStorage.setItem(TOKEN_KEY, token); } else { sessionStorage.removeItem(TOKEN_KEY); }
    say(token ? "Token set." : "No token: requests go without one.", "ok");
    refresh();
  });
  $("forget").addEventListener("click", function () {
    token = "";
    $("token").value = "";
    $("remember").checked = false;
    sessionStorage.removeItem(TOKEN_KEY);
    say("Token forgotten.", "ok");
    refresh();
  });

  (function loop() {
    refresh().then(function () { setTimeout(loop, running ? ACTIVE_REFRESH_MS : REFRESH_MS); });
  })();
})();
