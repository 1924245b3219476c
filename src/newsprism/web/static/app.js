/* newsprism serve: highlight the cited span named by #c=START-END (the page works without it:
   /article/ID?c=START-END highlights on the server). No inline script, no request but one. */
(function () {
  "use strict";
  var marked = [];
  function clear() {
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove("hl");
    marked = [];
  }
  function show() {
    var m = /^#c=(\d+)-(\d+)$/.exec(window.location.hash);
    var text = document.querySelector(".text[data-article]");
    if (!m || !text) return;
    var s = +m[1], e = +m[2];
    var anchor = document.getElementById("c=" + s + "-" + e);
    if (anchor) { anchor.scrollIntoView({ block: "center" }); return; }
    var pieces = text.querySelectorAll("[data-s]"), starts = false, ends = false, inside = [];
    for (var i = 0; i < pieces.length; i++) {
      var ps = +pieces[i].getAttribute("data-s"), pe = +pieces[i].getAttribute("data-e");
      if (ps === s) starts = true;
      if (pe === e) ends = true;
      if (ps >= s && pe <= e) inside.push(pieces[i]);
    }
    if (!(starts && ends)) {  /* the span cuts a piece: let the server cut it */
      var url = new URL(window.location.href);
      if (url.searchParams.get("c") !== s + "-" + e) {
        url.searchParams.set("c", s + "-" + e);
        window.location.replace(url.toString());
      }
      return;
    }
    clear();
    for (var j = 0; j < inside.length; j++) { inside[j].classList.add("hl"); marked.push(inside[j]); }
    if (inside.length) inside[0].scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", show);
  show();
})();
