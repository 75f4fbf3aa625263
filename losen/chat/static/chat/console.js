// Staff console: one WebSocket per page. On the console it refreshes the panel (HTMX) when
// something happens; on a conversation it shows messages live and sends with client ids.
// Text is inserted with textContent only.
(function () {
  "use strict";
  var log = document.getElementById("chat-log");
  var consoleRoot = document.getElementById("console");
  var wsPath = (log && log.getAttribute("data-ws")) || (consoleRoot && consoleRoot.getAttribute("data-ws"));
  if (!wsPath || !window.WebSocket) { return; }
  var conv = log ? parseInt(log.getAttribute("data-conversation"), 10) : null;
  var mode = log ? log.getAttribute("data-mode") : null;
  var lastSeq = log ? parseInt(log.getAttribute("data-last-seq") || "0", 10) : 0;
  var form = document.getElementById("skriv");
  var typingNote = document.getElementById("typing");
  var pending = {}, socket = null, retry = 500, lastTyping = 0, typingTimer = null;
  var textsNode = document.getElementById("console-texts");
  var texts = textsNode ? JSON.parse(textsNode.textContent) : { states: {} };

  function notice(text) {
    var n = document.getElementById("conv-notice");
    if (n) { n.textContent = text; n.hidden = false; }
  }
  function closeConversation(text) {
    // the visitor ended it, or it went to someone else: no more typing into nowhere
    if (form) { form.querySelectorAll("textarea, button, input").forEach(function (el) { el.disabled = true; }); }
    notice(text);
  }

  function newId() { return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2); }
  function send(frame) { if (socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); return true; } return false; }
  function refreshPanel() { document.body.dispatchEvent(new Event("refresh-panel")); }
  function addLine(ev, clientId) {
    var existing = (ev.seq && document.getElementById("m" + ev.seq)) || (clientId && log.querySelector('[data-client="' + clientId + '"]'));
    if (existing && !clientId) { return; }
    var p = existing || document.createElement("p");
    var kind = ev.kind === "event" ? "event" : (ev.kind === "note" ? "note" : (ev.sender === "visitor" ? "theirs" : "mine"));
    p.className = "msg " + kind;
    if (ev.seq) { p.id = "m" + ev.seq; p.setAttribute("data-seq", ev.seq); }
    if (clientId) { p.setAttribute("data-client", clientId); }
    p.textContent = ev.redacted ? "–" : (ev.staff_label || ev.label || ev.text);
    if (ev.sender === "visitor" && ev.seq) { send({ type: "delivered", conversation: conv, seq: ev.seq }); }
    if (!existing) { log.appendChild(p); }
    log.scrollTop = log.scrollHeight;
  }
  function onMessage(raw) {
    var ev = JSON.parse(raw.data);
    if (ev.conversation && conv && ev.conversation !== conv && ev.type !== "transfer_offer") { return; }
    if (!log) {
      if (ev.type === "queue") {
        var rows = document.querySelectorAll("#queue-table .queue-size");
        ev.services.forEach(function (q, i) { if (rows[i]) { rows[i].textContent = String(q.size); } });
      }
      if (["duty", "escalation", "transfer_offer", "transfer_answer", "risk", "duty_to_avert", "mine"].indexOf(ev.type) >= 0) { refreshPanel(); }
      return;
    }
    if (ev.type === "msg") {
      if (ev.seq > lastSeq) { lastSeq = ev.seq; }
      addLine(ev, pending[ev.client_id] ? ev.client_id : null);
      delete pending[ev.client_id];
      if (ev.kind === "event" && ev.state) {
        document.getElementById("conv-state").textContent = texts.states[ev.state] || ev.state;
        if (ev.state === "ended" || ev.state === "abandoned") { closeConversation(texts.closed); }
      }
      if (ev.sender === "visitor" && typingNote) { typingNote.hidden = true; }
    } else if (ev.type === "ack") {
      delete pending[ev.client_id];
      var line = log.querySelector('[data-client="' + ev.client_id + '"]');
      if (line) { line.id = "m" + ev.seq; }
    } else if (ev.type === "typing" && ev.who === "visitor") {
      if (typingNote) { typingNote.hidden = false; clearTimeout(typingTimer); typingTimer = setTimeout(function () { typingNote.hidden = true; }, 4000); }
    } else if (ev.type === "redacted") {
      var l = document.getElementById("m" + ev.seq); if (l) { l.textContent = "–"; }
    } else if (ev.type === "moved") {
      closeConversation((texts.moved || "").replace("%(to)s", ev.to || ""));
    } else if (ev.type === "error" && ev.client_id && pending[ev.client_id]) {
      // not sent: say so and give the text back
      var failed = log.querySelector('[data-client="' + ev.client_id + '"]');
      if (failed) { failed.remove(); }
      if (form && pending[ev.client_id].text) { form.querySelector("textarea").value = pending[ev.client_id].text; }
      delete pending[ev.client_id];
      notice(texts.not_sent);
    } else if (ev.type === "delivered" && ev.by === "visitor") {
      log.querySelectorAll(".msg.mine").forEach(function (p) { var s = parseInt(p.getAttribute("data-seq") || "0", 10); if (s && s <= ev.seq) { p.classList.add("delivered"); } });
    }
  }
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + wsPath);
    socket.onopen = function () {
      retry = 500;
      if (conv) { send({ type: "watch", conversation: conv, last_seq: lastSeq }); }
      Object.keys(pending).forEach(function (cid) { send(pending[cid]); });
    };
    socket.onmessage = onMessage;
    socket.onclose = function (e) { if (e.code === 4403) { return; } setTimeout(connect, retry); retry = Math.min(retry * 2, 10000); };
  }
  if (form && log) {
    var area = form.querySelector("textarea");
    var noteBox = form.querySelector('input[name="note"]');
    form.addEventListener("submit", function (event) {
      if (!socket || socket.readyState !== 1) { return; }
      event.preventDefault();
      var text = area.value;
      if (!text.trim()) { return; }
      var cid = newId();
      var frame = { type: noteBox && noteBox.checked ? "note" : "msg", conversation: conv, client_id: cid, text: text };
      pending[cid] = frame;
      addLine({ text: text, kind: frame.type === "note" ? "note" : "text", sender: "responder" }, cid);
      send(frame);
      area.value = "";
    });
    area.addEventListener("input", function () { var now = Date.now(); if (now - lastTyping > 3000) { lastTyping = now; send({ type: "typing", conversation: conv }); } });
    document.querySelectorAll("button.phrase").forEach(function (b) {
      b.addEventListener("click", function () { area.value = (area.value ? area.value + " " : "") + b.textContent; area.focus(); });
    });
  }
  connect();
})();
