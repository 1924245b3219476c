(function () {
  "use strict";
  var current = [];
  function clear() {
    for (var i = 0; i < current.length; i++) current[i].classList.remove("hl");
    current = [];
  }
  function show(id, scroll) {
    clear();
    if (!id || !/^[A-Za-z0-9_-]+$/.test(id)) return;
    var found = document.querySelectorAll('[data-c~="' + id + '"]');
    for (var i = 0; i < found.length; i++) {
      found[i].classList.add("hl");
      current.push(found[i]);
    }
    if (scroll && found.length) found[0].scrollIntoView({ block: "center" });
  }
  function fromHash() {
    var h = window.location.hash;
    return h ? decodeURIComponent(h.slice(1)) : "";
  }
  window.addEventListener("hashchange", function () { show(fromHash(), true); });
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    var a = t && t.closest ? t.closest("a[href^='#']") : null;
    if (!a) return;
    var id = a.getAttribute("href").slice(1);
    if (document.querySelector('[data-c~="' + id + '"]') && window.location.hash === "#" + id) {
      ev.preventDefault();
      show(id, true);
    }
  });
  if (window.location.hash) show(fromHash(), true);
})();
