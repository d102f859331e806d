/* Upload-then-insert for the body editor: an image goes into the media library first (checked
 * on the server), then into the article as <figure><img></figure>. Also inserts library images. */
(function () {
  "use strict";
  var editors = {};

  document.addEventListener("prose-editor:ready", function (event) {
    editors[event.detail.textarea.id] = event.detail.editor;
  });

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function figureHtml(image) {
    var figure = document.createElement("figure");
    var img = document.createElement("img");
    img.setAttribute("src", image.src);
    img.setAttribute("alt", image.alt || "");
    if (image.width) img.setAttribute("width", image.width);
    if (image.height) img.setAttribute("height", image.height);
    figure.appendChild(img);
    if (image.alt) {
      var caption = document.createElement("figcaption");
      caption.textContent = image.alt;
      figure.appendChild(caption);
    }
    return figure.outerHTML;
  }

  function setup(panel) {
    var status = panel.querySelector(".library-picker__status");
    var list = panel.querySelector(".library-picker__list");
    var search = panel.querySelector(".library-picker__search");
    var fileInput = panel.querySelector(".library-picker__file");
    var altInput = panel.querySelector(".library-picker__alt");
    var sendButton = panel.querySelector(".library-picker__send");

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("library-picker__status--error", !!isError);
      status.setAttribute("role", isError ? "alert" : "status");
    }

    function insert(image) {
      var editor = editors[panel.dataset.for];
      if (!editor) { say("编辑器尚未加载完成,请稍候再试。", true); return; }
      editor.chain().focus().insertContent(figureHtml(image)).run();
      say("已插入图片:" + (image.title || image.alt || image.id));
    }

    function render(images) {
      list.textContent = "";
      if (!images.length) {
        var empty = document.createElement("li");
        empty.textContent = "图片库中没有找到图片。";
        list.appendChild(empty);
      }
      images.forEach(function (image) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "library-picker__item";
        button.title = "插入正文:" + (image.title || "");
        var thumb = document.createElement("img");
        thumb.src = image.thumb;
        thumb.alt = "";
        thumb.loading = "lazy";
        var label = document.createElement("span");
        label.textContent = image.title || image.alt || ("图片 " + image.id);
        button.appendChild(thumb);
        button.appendChild(label);
        button.addEventListener("click", function () { insert(image); });
        item.appendChild(button);
        list.appendChild(item);
      });
    }

    function load() {
      var url = panel.dataset.recentUrl + "?q=" + encodeURIComponent(search.value.trim());
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { render(data.images || []); })
        .catch(function () { say("无法读取图片库,请刷新页面重试。", true); });
    }

    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    });
    search.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });

    sendButton.addEventListener("click", function () {
      if (!fileInput.files.length) { say("请先选择要上传的图片。", true); return; }
      var data = new FormData();
      data.append("file", fileInput.files[0]);
      data.append("alt_text", altInput.value);
      sendButton.disabled = true;
      say("正在上传…");
      fetch(panel.dataset.uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }
      })
        .then(function (r) { return r.json().catch(function () { return { error: "上传失败(服务器错误 " + r.status + ")。" }; }); })
        .then(function (result) {
          if (result.error) { say(result.error, true); return; }
          insert(result.image);
          fileInput.value = "";
          altInput.value = "";
          load();
        })
        .catch(function () { say("上传失败:网络错误,请重试。", true); })
        .finally(function () { sendButton.disabled = false; });
    });

    load();
  }

  function start() {
    document.querySelectorAll(".library-picker").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
