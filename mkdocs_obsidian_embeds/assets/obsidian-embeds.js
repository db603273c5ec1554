/* mkdocs-obsidian-embeds: highlight the block a URL's #^id points to.
   `:target` only follows real navigations; Material's instant navigation changes pages
   with the History API, so the block is also marked after every page change: with an
   attribute, not a class, because themes style some elements only without a class
   (Material's tables are `table:not([class])`). */
(function () {
  "use strict";
  var ATTRIBUTE = "data-obsidian-target";

  function mark() {
    var previous = document.querySelectorAll("[" + ATTRIBUTE + "]");
    for (var i = 0; i < previous.length; i++) previous[i].removeAttribute(ATTRIBUTE);
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id.charAt(0) !== "^") return;
    var block = document.getElementById(id);
    if (block) block.setAttribute(ATTRIBUTE, "");
  }

  function later() {
    window.setTimeout(mark, 0);
  }

  window.addEventListener("hashchange", later);
  window.addEventListener("popstate", later);
  if (window.location$ && window.location$.subscribe) window.location$.subscribe(later);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(later);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
