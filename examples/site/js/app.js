// Runs once the page has loaded (the script tag is deferred) and reports what it can see of
// how the page's own resources were delivered.
(function () {
  "use strict";

  var status = document.getElementById("status");
  status.textContent = "The script ran: JavaScript arrived with the right Content-Type.";
  status.className = "ok";

  var facts = document.getElementById("facts");
  function fact(text) {
    var li = document.createElement("li");
    li.textContent = text;
    facts.appendChild(li);
  }

  if (!window.performance || !performance.getEntriesByType) {
    return;
  }
  performance.getEntriesByType("resource").forEach(function (entry) {
    var name = entry.name.replace(location.origin, "");
    var size = entry.encodedBodySize;
    var full = entry.decodedBodySize;
    if (size && full && size < full) {
      fact(name + ": " + size + " bytes on the wire for " + full + " bytes of content");
    } else if (entry.transferSize === 0 && full) {
      fact(name + ": taken from the browser cache");
    } else {
      fact(name + ": " + (full || "?") + " bytes");
    }
  });
})();
