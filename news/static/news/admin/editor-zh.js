/* Chinese for the article body editor (django-prose-editor ships English only).
 * A classic script, loaded before the editor's modules: the dialogs read window.gettext when
 * the modules load, and the toolbar's tooltips are translated as the editor builds them. */
(function () {
  "use strict";
  var zh = {
    // toolbar
    "bold": "加粗", "italic": "斜体", "underline": "下划线", "strike": "删除线",
    "subscript": "下标(如 H₂O)", "superscript": "上标(如 m²)",
    "paragraph": "正文段落", "heading 2": "二级标题", "heading 3": "三级标题",
    "heading 4": "四级标题", "unordered list": "项目符号列表", "ordered list": "编号列表",
    "blockquote": "引用", "horizontal rule": "分隔线", "figure": "插入图片(网址)",
    "insert link": "插入链接", "remove link": "取消链接", "undo": "撤销", "redo": "重做",
    "edit HTML": "编辑 HTML 源码", "Insert table": "插入表格", "Merge cells": "合并单元格",
    "Split cell": "拆分单元格", "Add column": "插入列", "Add row": "插入行",
    "Delete column": "删除列", "Delete row": "删除行", "Delete table": "删除表格",
    "Toggle header cell": "切换表头单元格", "Styles": "样式", "HTML": "HTML",
    "Code": "代码", "Code block": "代码块", "Block style": "段落样式",
    // the block-type dropdown shows these as text
    "Heading 2": "二级标题", "Heading 3": "三级标题", "Heading 4": "四级标题", "Paragraph": "正文",
    // dialogs and menus
    "Add caption": "添加图片说明", "Remove caption": "删除图片说明",
    "Alternative Text": "替代文字(图片内容描述)", "Browse...": "浏览…", "Bullets": "项目符号",
    "Cancel": "取消", "Caption": "图片说明", "Columns": "列数", "Rows": "行数",
    "Decimal numbers": "阿拉伯数字", "Edit Figure": "编辑图片", "Edit Image": "编辑图片",
    "Edit HTML": "编辑 HTML 源码", "Edit Link": "编辑链接", "Image URL": "图片网址",
    "Include header row": "包含表头行", "Insert Figure": "插入图片", "Insert Table": "插入表格",
    "Insert": "插入", "Update": "更新", "List properties": "列表设置", "List type": "编号样式",
    "Lowercase Roman numerals": "小写罗马数字", "Uppercase Roman numerals": "大写罗马数字",
    "Lowercase letters": "小写字母", "Uppercase letters": "大写字母",
    "Open in new window": "在新窗口打开", "Prettify": "整理格式", "Start at": "起始编号",
    "Table Properties": "表格设置", "Title": "标题", "URL": "网址",
    "Toggle fullscreen": "全屏编辑",
    "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.":
      "编辑器中的 HTML 源码。只有编辑器支持的标签会被保留,其余在保存时清除。"
  };

  var previous = window.gettext;
  window.gettext = function (text) {
    if (Object.prototype.hasOwnProperty.call(zh, text)) return zh[text];
    return previous ? previous(text) : text;
  };

  function translate(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll(".prose-menubar__option > *, .prose-menubar__selected > *").forEach(function (el) {
      var text = el.textContent;
      if (Object.prototype.hasOwnProperty.call(zh, text)) el.textContent = zh[text];
    });
    var nodes = [root].concat(Array.prototype.slice.call(root.querySelectorAll("[title],[aria-label]")));
    nodes.forEach(function (el) {
      ["title", "aria-label"].forEach(function (name) {
        var value = el.getAttribute && el.getAttribute(name);
        if (value && Object.prototype.hasOwnProperty.call(zh, value)) el.setAttribute(name, zh[value]);
      });
    });
  }

  function start() {
    translate(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === "attributes") translate(record.target);
        record.addedNodes.forEach(translate);
      });
    }).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["title", "aria-label"]
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
