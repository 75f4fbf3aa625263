// The help seeker's chat: live over a WebSocket, with the plain form as the fallback.
// Text is always inserted with textContent, never as markup. The conversation token and
// unsent messages live in sessionStorage of this tab only, so a reload or a dropped
// network resumes the same conversation without losing or duplicating a message.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.WebSocket) { return; }
  var state = root.getAttribute("data-state");
  if (state === "ended" || state === "abandoned") { sessionStorage.removeItem("losen-chat-pending-" + root.getAttribute("data-token")); return; }
  var texts = JSON.parse(document.getElementById("chat-texts").textContent);
  var log = document.getElementById("chat-log");
  var form = document.getElementById("skriv");
  var typingNote = document.getElementById("typing");
  var lastSeq = parseInt(root.getAttribute("data-last-seq") || "0", 10);
  var key = "losen-chat-pending-" + root.getAttribute("data-token");
  var pending = {};
  try { pending = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { pending = {}; }
  var socket = null, retry = 500, typingTimer = null, lastTyping = 0;

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, k) { return String(values[k]); });
  }
  function save() { sessionStorage.setItem(key, JSON.stringify(pending)); }
  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function lineFor(seq) { return seq ? document.getElementById("m" + seq) : null; }
  function addLine(event, mine, clientId) {
    var existing = lineFor(event.seq) || (clientId && log.querySelector('[data-client="' + clientId + '"]'));
    var p = existing || document.createElement("p");
    p.className = "msg " + (event.kind === "event" ? "event" : (mine ? "mine" : "theirs"));
    if (event.seq) { p.id = "m" + event.seq; p.setAttribute("data-seq", event.seq); }
    if (clientId) { p.setAttribute("data-client", clientId); }
    p.textContent = "";
    if (event.sender === "leader" && event.kind === "text") {
      var who = document.createElement("span"); who.className = "who"; who.textContent = texts.leader + ": "; p.appendChild(who);
    }
    var body = document.createElement("span");
    if (event.redacted) { body.textContent = texts.redacted; }
    else if (event.kind === "event") { body.textContent = texts.events[event.text] || event.label || ""; }
    else { body.textContent = event.text; }
    p.appendChild(body);
    if (mine) { var st = document.createElement("small"); st.className = "delivery"; st.textContent = " " + (event.seq ? texts.sent : texts.sending); p.appendChild(st); }
    if (!existing) { var empty = document.getElementById("empty-note"); if (empty) { empty.remove(); } log.appendChild(p); }
    log.scrollTop = log.scrollHeight;
    return p;
  }
  function send(frame) { if (socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); return true; } return false; }
  function flush() {
    Object.keys(pending).forEach(function (cid) { send({ type: "msg", client_id: cid, text: pending[cid] }); });
  }
  // A page already on its way elsewhere (the person pressed "Avslutt chat") is not reloaded: the
  // reload would cancel that navigation and lose the click.
  var leaving = false;
  window.addEventListener("beforeunload", function () { leaving = true; });
  function reloadSoon() {
    // the draft is kept at the moment of the reload, so nothing typed meanwhile is lost
    setTimeout(function () {
      if (leaving) { return; }
      if (form) { var t = form.querySelector("textarea"); if (t && t.value) { sessionStorage.setItem("losen-chat-draft", t.value); } }
      window.location.reload();
    }, 300);
  }
  function onQueue(ev) {
    var pos = document.getElementById("queue-position"), est = document.getElementById("queue-estimate");
    if (pos) { pos.textContent = fmt(texts.position, { n: ev.position }); }
    if (est) {
      var e = ev.estimate;
      est.textContent = !e.known ? texts.unknown : (e.high_minutes <= 1 ? texts.soon : (e.capped ? fmt(texts.more_than, { low: e.low_minutes }) : fmt(texts.range, { low: e.low_minutes, high: e.high_minutes })));
    }
  }
  function onMessage(raw) {
    var ev = JSON.parse(raw.data);
    if (ev.type === "msg") {
      var mine = ev.sender === "visitor";
      if (ev.seq > lastSeq) { lastSeq = ev.seq; }
      addLine(ev, mine, mine ? ev.client_id : null);
      if (mine) { delete pending[ev.client_id]; save(); }
      else { send({ type: "delivered", seq: ev.seq }); if (typingNote) { typingNote.hidden = true; } }
      if (ev.kind === "event" && (ev.state || ev.text === "transfer_consent" || ev.text === "case_offer")) {
        if (ev.state !== state || ev.text === "transfer_consent" || ev.text === "case_offer") { state = ev.state || state; reloadSoon(); }
      }
    } else if (ev.type === "ack") {
      delete pending[ev.client_id]; save();
      var line = log.querySelector('[data-client="' + ev.client_id + '"]');
      if (line) { line.id = "m" + ev.seq; var s = line.querySelector(".delivery"); if (s) { s.textContent = " " + texts.sent; } }
      if (ev.seq > lastSeq) { lastSeq = ev.seq; }
    } else if (ev.type === "delivered" && ev.by === "staff") {
      log.querySelectorAll(".msg.mine").forEach(function (p) {
        var seq = parseInt(p.getAttribute("data-seq") || (p.id || "m0").slice(1), 10);
        if (seq && seq <= ev.seq) { var s = p.querySelector(".delivery"); if (s) { s.textContent = " " + texts.delivered; } }
      });
    } else if (ev.type === "typing") {
      if (typingNote) { typingNote.hidden = false; clearTimeout(typingTimer); typingTimer = setTimeout(function () { typingNote.hidden = true; }, 4000); }
    } else if (ev.type === "queue") {
      onQueue(ev);
    } else if (ev.type === "redacted") {
      var l = lineFor(ev.seq); if (l) { l.textContent = texts.redacted; }
    } else if (ev.type === "state") {
      if (ev.state !== state) { state = ev.state; reloadSoon(); }
    } else if (ev.type === "error" && ev.code === "too_long" && pending[ev.client_id] !== undefined) {
      // refused whole: the text goes back into the box, with the reason in the visitor's language
      var area = form && form.querySelector("textarea");
      if (area) { area.value = pending[ev.client_id]; }
      var refused = log.querySelector('[data-client="' + ev.client_id + '"]'); if (refused) { refused.remove(); }
      delete pending[ev.client_id]; save();
      var alertBox = document.getElementById("chat-error");
      if (!alertBox && form) { alertBox = document.createElement("p"); alertBox.id = "chat-error"; alertBox.className = "error"; alertBox.setAttribute("role", "alert"); form.insertBefore(alertBox, form.firstChild); }
      if (alertBox) { alertBox.textContent = ev.message || ""; }
    } else if (ev.type === "error" && ev.code === "closed") {
      delete pending[ev.client_id]; save(); reloadSoon();
    }
  }
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-ws"));
    socket.onopen = function () { retry = 500; send({ type: "hello", last_seq: lastSeq }); flush(); };
    socket.onmessage = onMessage;
    socket.onclose = function (e) {
      if (e.code === 4404) { return; }
      setTimeout(connect, retry); retry = Math.min(retry * 2, 10000);
    };
  }
  if (form) {
    var area = form.querySelector("textarea");
    var draft = sessionStorage.getItem("losen-chat-draft");
    if (draft && area && !area.value) { area.value = draft; sessionStorage.removeItem("losen-chat-draft"); }
    Object.keys(pending).forEach(function (cid) { addLine({ text: pending[cid], kind: "text", sender: "visitor" }, true, cid); });
    form.addEventListener("submit", function (event) {
      if (!socket || socket.readyState !== 1) { return; } // the plain form post works too
      event.preventDefault();
      var text = area.value;
      if (!text.trim()) { return; }
      var cid = newId();
      pending[cid] = text; save();
      addLine({ text: text, kind: "text", sender: "visitor" }, true, cid);
      send({ type: "msg", client_id: cid, text: text });
      area.value = "";
      area.focus();
    });
    if (area) {
      area.addEventListener("input", function () { var now = Date.now(); if (now - lastTyping > 3000) { lastTyping = now; send({ type: "typing" }); } });
      area.addEventListener("keydown", function (e) { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.submit(); } });
    }
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-quick-exit]")) { sessionStorage.clear(); }
  }, true);
  connect();
})();
