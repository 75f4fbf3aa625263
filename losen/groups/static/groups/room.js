// The online text room for a participant: live over a WebSocket, replay by seq after a reconnect.
// Without JavaScript the page still works (form posts and refresh).
(function () {
  "use strict";
  var root = document.getElementById("room");
  if (!root || !("WebSocket" in window)) return;
  var T = JSON.parse(document.getElementById("room-texts").textContent);
  var me = parseInt(root.dataset.me, 10);
  var lastSeq = parseInt(root.dataset.lastSeq || "0", 10);
  var log = document.getElementById("room-log");
  var sideLog = document.getElementById("side-log");
  var form = document.getElementById("skriv");
  var sideForm = document.getElementById("side-form");
  var ws, retry = 500, pending = {};

  function uid() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 10); }
  function line(target, m) {
    if (m.seq && target.querySelector('[data-seq="' + m.seq + '"]')) return target.querySelector('[data-seq="' + m.seq + '"]');
    var p = document.createElement("p");
    p.className = "line" + (m.leader ? " leader" : "");
    if (m.seq) p.dataset.seq = m.seq;
    var who = document.createElement("strong");
    who.textContent = (m.name || "") + (m.leader ? " (" + T.leader + ")" : "") + ": ";
    p.appendChild(who);
    var body = document.createElement("span");
    if (m.hidden) { body.innerHTML = "<em></em>"; body.firstChild.textContent = T.hidden; }
    else if (m.held) { body.innerHTML = "<em></em>"; body.firstChild.textContent = T.held; }
    else body.textContent = m.text;
    p.appendChild(body);
    target.appendChild(p);
    target.scrollTop = target.scrollHeight;
    return p;
  }
  function state(s, topic) {
    root.dataset.state = s;
    var el = document.getElementById("room-state");
    if (s === "paused") el.textContent = T.paused;
    else if (s === "ended") el.textContent = T.ended;
    if (topic !== undefined && topic) document.getElementById("room-topic").textContent = topic;
  }
  function onFrame(f) {
    if (f.seq && f.seq > lastSeq && f.type === "msg") lastSeq = f.seq;
    switch (f.type) {
      case "msg": line(f.side ? sideLog : log, f); break;
      case "ack":
        if (f.seq > lastSeq) lastSeq = f.seq;
        var mine = pending[f.client_id];
        if (mine) { mine.dataset.seq = f.seq; delete pending[f.client_id]; }
        break;
      case "held":
        var el = log.querySelector('[data-seq="' + f.seq + '"]') || pending[f.client_id];
        if (el) { el.lastChild.innerHTML = "<em></em>"; el.lastChild.firstChild.textContent = T.held; }
        document.getElementById("crisis-panel").hidden = false;
        document.getElementById("crisis-panel").focus && document.getElementById("crisis-panel").scrollIntoView();
        break;
      case "hidden":
        var h = log.querySelector('[data-seq="' + f.seq + '"]');
        if (h) { h.lastChild.innerHTML = "<em></em>"; h.lastChild.firstChild.textContent = T.hidden; }
        break;
      case "muted":
        if (f.participant === me) document.getElementById("muted-note").hidden = !f.muted;
        break;
      case "removed":
        if (f.participant === me) { document.getElementById("room-state").textContent = T.removed; form.hidden = true; }
        break;
      case "state": state(f.state, f.topic); break;
      case "topic": document.getElementById("room-topic").textContent = f.topic; break;
      case "error":
        var e = pending[f.client_id];
        if (e) { e.classList.add("failed"); e.appendChild(document.createTextNode(" – " + (f.code === "muted" ? T.muted : f.code === "paused" ? T.paused : T.error))); delete pending[f.client_id]; }
        break;
    }
  }
  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + root.dataset.ws);
    ws.onopen = function () { retry = 500; ws.send(JSON.stringify({ type: "hello", last_seq: lastSeq })); };
    ws.onmessage = function (ev) { try { onFrame(JSON.parse(ev.data)); } catch (e) { /* ignore a bad frame */ } };
    ws.onclose = function (ev) { if (ev.code === 4403) return; setTimeout(connect, retry); retry = Math.min(retry * 2, 10000); };
  }
  function send(textarea, target, side) {
    var text = textarea.value.trim();
    if (!text || !ws || ws.readyState !== 1) return false;
    var cid = uid();
    pending[cid] = line(target, { name: T.you, text: text });
    ws.send(JSON.stringify({ type: side ? "side_msg" : "msg", client_id: cid, text: text }));
    textarea.value = "";
    return true;
  }
  form.addEventListener("submit", function (ev) {
    if (send(form.querySelector("textarea"), log, false)) ev.preventDefault();
  });
  if (sideForm) sideForm.addEventListener("submit", function (ev) {
    if (send(sideForm.querySelector("textarea"), sideLog, true)) ev.preventDefault();
  });
  connect();
})();
