// The case channel, live: new lines appear and "Lest" shows without reloading the page. Without
// JavaScript (or without a socket) the page works the same, only by reloading it. While the socket
// is joined to the case, the channel carries data-live="on".
(function () {
  "use strict";
  var root = document.getElementById("case-channel");
  if (!root || !window.WebSocket) { return; }
  var texts = JSON.parse(document.getElementById("case-texts").textContent);
  var seeker = root.dataset.side === "seeker";
  var list = root.querySelector("ol.thread");
  var socket = null;
  var retry = 1000;
  var unread = false;

  function send(frame) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); }
  }

  function markRead() {
    list.querySelectorAll("li.mine").forEach(function (li) {
      var meta = li.querySelector(".meta");
      if (meta && !meta.querySelector(".read")) {
        var mark = document.createElement("span");
        mark.className = "read";
        mark.textContent = " · " + texts.read;
        meta.appendChild(mark);
      }
    });
  }

  function add(ev) {
    if (document.getElementById("m" + ev.id)) { return; }
    var empty = list.querySelector("li.empty");
    if (empty) { empty.remove(); }
    var mine = ev.from_seeker === seeker;
    var li = document.createElement("li");
    li.id = "m" + ev.id;
    li.className = mine ? "mine" : "theirs";
    var meta = document.createElement("p");
    meta.className = "muted meta";
    meta.textContent = (mine ? texts.mine : texts.theirs) + " · " + ev.at_label;
    var body = document.createElement("p");
    body.className = "body";
    body.style.whiteSpace = "pre-line";
    body.textContent = ev.text;
    li.appendChild(meta);
    li.appendChild(body);
    list.appendChild(li);
    if (!mine) {
      if (document.hidden) { unread = true; } else { send({ type: "read" }); }
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + root.dataset.ws);
    socket.onopen = function () {
      retry = 1000;
      if (seeker) { send({ type: "hello", ticket: root.dataset.ticket }); }
    };
    socket.onmessage = function (raw) {
      var ev;
      try { ev = JSON.parse(raw.data); } catch (e) { return; }
      if (ev.type === "ready") { root.setAttribute("data-live", "on"); }
      else if (ev.type === "msg") { add(ev); }
      else if (ev.type === "read" && ev.by_seeker !== seeker) { markRead(); }
    };
    socket.onclose = function (e) {
      root.removeAttribute("data-live");
      if (e.code === 4403) { return; }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && unread) { unread = false; send({ type: "read" }); }
  });
  connect();
})();
