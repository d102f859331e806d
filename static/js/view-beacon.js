/* Count one read of the article, or one search on a results page: POST to the page's
   data-view-url once the page has been shown. Kept out of the page's own request so that
   pages can be cached. No inline script needed. */
(function () {
  "use strict";
  var article = document.querySelector("[data-view-url]");
  if (!article) {
    return;
  }
  var url = article.getAttribute("data-view-url");
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    if (navigator.sendBeacon && navigator.sendBeacon(url)) {
      return;
    }
    if (window.fetch) {
      window.fetch(url, { method: "POST", keepalive: true, credentials: "omit" })
        .catch(function () { /* a lost count is not worth bothering the reader */ });
    }
  }

  // Pages opened in a background tab or prerendered count only once actually seen.
  send();
  if (!sent) {
    document.addEventListener("visibilitychange", send);
  }
}());
