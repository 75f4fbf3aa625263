// The leader's view of the online room: live log with hide/release, mute/remove, side chats, alerts.
(function () {
  "use strict";
  var root = document.getElementById("lead");
  // An ended session's page has nothing live: no socket (its hello would say "ended" and reload
  // the page for ever, racing any navigation the leader makes).
  if (!root || !("WebSocket" in window) || root.dataset.state === "ended") return;
  var T = JSON.parse(document.getElementById("lead-texts").textContent);
  var log = document.getElementById("lead-log");
  var lastSeq = 0, ws, retry = 500, skipped = 0;
  function uid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
  function button(label, frame) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "secondary"; b.textContent = label;
    b.addEventListener("click", function () { ws.send(JSON.stringify(frame)); });
    return b;
  }
  function render(m) {
    var target = log;
    if (m.side) {
      var box = document.querySelector('[data-side="' + m.side + '"] .side-log');
      if (!box) { location.reload(); return; }
      target = box;
    }
    var p = target.querySelector('[data-seq="' + m.seq + '"]');
    if (!p) { p = document.createElement("p"); p.className = "line"; p.dataset.seq = m.seq; target.appendChild(p); }
    p.textContent = "";
    var who = document.createElement("strong");
    who.textContent = m.name + (m.leader ? " (" + T.leader + ")" : "") + ": ";
    p.appendChild(who);
    if (m.held) { var em = document.createElement("em"); em.textContent = "[" + T.held + "] "; p.appendChild(em); }
    if (m.hidden) { var em2 = document.createElement("em"); em2.textContent = "[" + T.hidden + "] "; p.appendChild(em2); }
    p.appendChild(document.createTextNode(m.text + " "));
    if (!m.side && m.kind === "text") {
      if (m.held) p.appendChild(button(T.release, { type: "release", seq: m.seq }));
      else if (!m.hidden) p.appendChild(button(T.hide, { type: "hide", seq: m.seq }));
    }
    target.scrollTop = target.scrollHeight;
  }
  function onFrame(f) {
    if (f.type === "msg") { if (f.seq > lastSeq) lastSeq = f.seq; render(f); }
    else if (f.type === "alert") {
      render(f.message);
      var a = document.createElement("p"); a.className = "emergency"; a.setAttribute("role", "alert");
      a.textContent = (f.possible ? T.possible : T.alert) + " " + f.name + ": " + f.message.text;
      document.getElementById("alerts").appendChild(a);
    } else if (f.type === "screening") {
      // the similarity layer skipped lines (a busy server); the word list read every line
      var s = document.getElementById("screening-behind");
      if (!s) { s = document.createElement("p"); s.id = "screening-behind"; s.className = "card warning"; s.setAttribute("role", "status"); document.getElementById("alerts").appendChild(s); }
      skipped += f.skipped;
      s.textContent = T.screening.replace("{n}", skipped);
    } else if (f.type === "hidden") {
      var h = log.querySelector('[data-seq="' + f.seq + '"]');
      if (h) { var em = document.createElement("em"); em.textContent = "[" + T.hidden + "] "; h.insertBefore(em, h.childNodes[1]); var b = h.querySelector("button"); if (b) b.remove(); }
    } else if (f.type === "side_open") { location.reload(); }
    else if (f.type === "muted") {
      var row = document.querySelector('tr[data-participant="' + f.participant + '"]');
      if (row) { row.querySelector(".muted-state").textContent = f.muted ? T.mute.toLowerCase() + "" : ""; var btn = row.querySelector('[data-control="mute"],[data-control="unmute"]'); if (btn) { btn.dataset.control = f.muted ? "unmute" : "mute"; btn.firstChild.textContent = f.muted ? T.unmute : T.mute; } }
    } else if (f.type === "removed") {
      var r = document.querySelector('tr[data-participant="' + f.participant + '"]'); if (r) r.remove();
    } else if (f.type === "state") {
      var was = root.dataset.state;
      root.dataset.state = f.state;
      if (f.state === "ended" && was !== "ended") { ws.onclose = null; ws.close(); location.reload(); }
    } else if (f.type === "done" && (f.action === "pause")) { location.reload(); }
  }
  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + root.dataset.ws);
    ws.onopen = function () { retry = 500; log.textContent = ""; document.querySelectorAll(".side-log").forEach(function (b) { b.textContent = ""; }); ws.send(JSON.stringify({ type: "hello", last_seq: 0 })); };
    ws.onmessage = function (ev) { try { onFrame(JSON.parse(ev.data)); } catch (e) { /* ignore */ } };
    ws.onclose = function (ev) { if (ev.code === 4403) return; setTimeout(connect, retry); retry = Math.min(retry * 2, 10000); };
  }
  document.getElementById("lead-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var t = document.getElementById("lead-text"); var text = t.value.trim();
    if (!text) return;
    ws.send(JSON.stringify({ type: "msg", client_id: uid(), text: text })); t.value = "";
  });
  document.querySelectorAll(".side-form").forEach(function (f) {
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var t = f.querySelector("textarea"); var text = t.value.trim(); if (!text) return;
      ws.send(JSON.stringify({ type: "side_msg", side: parseInt(f.closest("[data-side]").dataset.side, 10), client_id: uid(), text: text })); t.value = "";
    });
  });
  document.querySelectorAll("button[data-control]").forEach(function (b) {
    b.addEventListener("click", function (ev) {
      ev.preventDefault();
      var c = b.dataset.control, pid = parseInt(b.dataset.participant, 10);
      if (c === "remove") ws.send(JSON.stringify({ type: "remove", participant: pid }));
      else ws.send(JSON.stringify({ type: "mute", participant: pid, muted: c === "mute" }));
    });
  });
  connect();
})();
