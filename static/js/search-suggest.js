/* Suggestions while typing in a search box: hot searches and titles from the form's
   data-suggest-url (same host, so the page's CSP allows it), shown as the input's datalist.
   Text goes in as option values only, never as HTML. No inline script needed. */
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  var forms = document.querySelectorAll("form[data-suggest-url]");
  Array.prototype.forEach.call(forms, function (form, n) {
    var input = form.querySelector("input[name=q]");
    if (!input) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + n;
    form.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var asked = "";

    function show(words) {
      list.textContent = "";
      words.forEach(function (word) {
        var option = document.createElement("option");
        option.value = word;
        list.appendChild(option);
      });
    }

    function ask() {
      var typed = input.value.trim();
      if (typed === asked) {
        return;
      }
      asked = typed;
      if (!typed) {
        show([]);
        return;
      }
      var url = form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(typed);
      window.fetch(url, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (asked === typed) {  // not an older answer arriving late
            show(data.suggestions || []);
          }
        })
        .catch(function () { /* no suggestions: the box still searches */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 150);
    });
  });
})();
