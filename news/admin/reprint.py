"""The admin page 导入转载文章: paste, upload or give an address; check the fields; save."""

import re
from datetime import datetime
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from ..reprint import pipeline, review
from ..reprint.decode import decode_bytes
from ..reprint.errors import ReprintError
from ..reprint.fetch import FetchError, fetch_page
from ..reprint.forms import ReprintArticleForm, ReprintSourceForm
from ..sanitize import clean_html, html_to_text
from ..workflow import describe_hits

TEMPLATE = "admin/news/article/reprint_import.html"
_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.S)
DATETIME_SHOWN = "%Y-%m-%d %H:%M:%S"  # as the review form's published_at widget writes it
# A parse field and the form field that shows it, where their names differ.
FORM_FIELD = {"published": "published_at"}
ORIGIN_OF = {"published_at": "published"}
REVIEW_FIELDS = (
    "title", "section", "source", "author_title", "author", "original_url", "published_at",
    "tags", "body", "lead_attribution", "notes", "pasted", "pasted_kind", "picks",
)  # fmt: skip


def admin_urls(model_admin):
    """URLs to add to ArticleAdmin.get_urls()."""
    view = model_admin.admin_site.admin_view(partial(reprint_import, model_admin=model_admin))
    return [path("import-reprint/", view, name="news_article_reprint_import")]


def _parse(data):
    """Parse what the source form holds: (parse, the text to keep for the next click, its kind).

    Raises ReprintError or FetchError with a message.
    """
    url = (data.get("url") or "").strip()
    upload = data.get("docx_file")
    if upload:
        parsed, text, kind = pipeline.read(upload.read(), filename=upload.name, url=url), "", ""
    elif data.get("content", "").strip():
        text, kind = data["content"], "text"
        parsed = pipeline.read(text, url=url)
    else:
        page = fetch_page(url)
        parsed, text, kind = pipeline.read(page), "", ""
        if parsed.kind != "docx":  # keep the page as text; read again, it gives the same lines
            text, kind = decode_bytes(page.content, page.charset), parsed.kind
    return pipeline.localise(parsed, url=url), text, kind


def _initial(parsed, text="", kind="", picks=None):
    """The review form's first values: the parse's article fields, what to check, and the page
    kept for 设为标题 / 设为来源 (when it is not too long)."""
    fields = pipeline.article_fields(parsed)
    published = fields["published_at"] or timezone.now()
    kept = review.keepable(text)
    return {
        **fields,
        "published_at": timezone.localtime(published).replace(microsecond=0),
        "lead_attribution": parsed.lead_attribution,
        "notes": "\n".join(pipeline.review_notes(parsed)),
        "pasted": text if kept else "",
        "pasted_kind": kind if kept else "",
        "picks": review.format_picks(picks or {}),
    }


def _text(value):
    """A form value as the page shows it (a datetime as the widget writes it)."""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value  # form: naive
        return local.strftime(DATETIME_SHOWN)
    return str(value or "").strip()


def _parsed_values(parsed):
    """The parse's values of the fields whose origin the page shows, as the page shows them."""
    published = parsed.published_at()
    return {
        "title": parsed.title,
        "source": parsed.source,
        "author": parsed.author,
        "published": _text(published) if published else "",
        "lead_attribution": parsed.lead_attribution,
    }


def _kept_parse(get):
    """The kept page parsed again with the editor's picks, or None."""
    text, kind = get("pasted") or "", get("pasted_kind") or ""
    if not review.keepable(text):
        return None
    try:
        picks = review.parse_picks(get("picks"))
        return review.reread(text, kind, url=(get("original_url") or "").strip(), picks=picks)
    except ReprintError:
        return None


def _review_context(form, request, parsed=None):
    def get(name):
        return form[name].value()  # what the editor sees: posted data, or the parsed initial

    body = clean_html(get("body") or "")
    duplicates = pipeline.duplicates(
        {name: get(name) for name in ("title", "source", "original_url")} | {"body": body}
    )
    notes = [n for n in (get("notes") or "").split("\n") if n.strip()]
    parsed = parsed or _kept_parse(get)
    origins, lines = {}, []
    if parsed is not None:
        shown = {name: _text(get(FORM_FIELD.get(name, name))) for name in review.FIELD_LABELS}
        origins = review.origins(parsed, shown, _parsed_values(parsed))
        lines = review.lines(parsed)
        for name in origins:
            field = FORM_FIELD.get(name, name)
            if field in form.fields and not form.fields[field].widget.is_hidden:
                form.fields[field].widget.attrs["aria-describedby"] = f"origin-{field}"
    rows = [
        (field, origins.get(ORIGIN_OF.get(field.name, field.name)))
        for field in form.visible_fields()
        if field.name not in ("body", "confirm_duplicate")
    ]
    return {
        "form": form,
        "field_rows": rows,
        "origins": origins,
        "review_lines": lines,
        "may_pick": bool(lines) and review.keepable(get("pasted") or ""),
        "preview_html": body,
        "headings": [(int(level), html_to_text(text)) for level, text in _HEADING.findall(body)],
        "paragraph_count": body.count("<p>"),
        "lead_attribution": get("lead_attribution") or "",
        "notes": notes,
        "duplicates": duplicates,
        "may_publish": pipeline.can_publish(request.user),
    }


def _pick(request, model_admin):
    """设为标题 / 设为来源 / 设为作者: read the kept page again with that line chosen.

    Fields the editor has not changed take the new parse's values, the chosen field always; what
    the editor typed, the section and the tags stay as they were.
    """
    post = request.POST
    values = {name: post.get(name, "") for name in REVIEW_FIELDS}
    values["suggested_tags"] = post.getlist("suggested_tags")
    values["confirm_duplicate"] = bool(post.get("confirm_duplicate"))
    text, kind = post.get("pasted", ""), post.get("pasted_kind", "")
    url = post.get("original_url", "")
    picks = review.parse_picks(post.get("picks"))
    pick = review.parse_pick(post.get("_pick"))
    error, before, after = "", None, None
    if not review.keepable(text):
        error = review.NOT_KEPT
    elif pick is None or pick[0] not in review.PICKABLE:
        error = review.BAD_PICK
    else:
        try:
            before = review.reread(text, kind, url=url.strip(), picks=picks)
            if not review.can_pick(before, pick[1], pick[0]):
                raise ReprintError(review.BAD_PICK)
            picks = review.with_pick(picks, *pick)
            after = review.reread(text, kind, url=url.strip(), picks=picks)
        except ReprintError as exc:
            error, after = str(exc), None
    if after is not None:
        values.update(_updated(values, before, after, pick[0], url.strip()))
        values["picks"] = review.format_picks(picks)
    suggestions = pipeline.suggest_tags(f"{values['title']}\n{html_to_text(values['body'])}")
    form = ReprintArticleForm(initial=values, suggestions=suggestions)
    context = _review_context(form, request, after)
    if error:
        context["pick_error"] = error
    return _render(request, model_admin, {"step": "review", **context})


def _updated(values, before, after, picked, url):
    """The form values that follow the new parse: those the editor left as parsed, and the field
    picked; the body only when its text was not edited (then its pictures are localised again)."""
    old, new = _initial(before), _initial(after)
    changed = {}
    for name in ("title", "source", "author_title", "author", "published_at", "lead_attribution"):
        if name == picked or values[name].strip() == _text(old[name]):
            changed[name] = _text(new[name])
    body_note = ""
    if (after.headings, after.paragraphs) != (before.headings, before.paragraphs):
        if html_to_text(values["body"]) != html_to_text(old["body"]):
            body_note = "正文已手动修改,没有随新的选择调整,请核对正文里是否还有标题那一行。"
        else:
            changed["body"] = pipeline.localise(after, url=url).body_html
    notes = values["notes"].strip()
    if notes == old["notes"].strip():
        notes = "\n".join(pipeline.review_notes(after))
    changed["notes"] = "\n".join(n for n in (notes, body_note) if n)
    return changed


def _render(request, model_admin, context):
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": "导入转载文章",
        "changelist_url": reverse("admin:news_article_changelist"),
        **context,
    }
    return TemplateResponse(request, TEMPLATE, context)


def reprint_import(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    post = request.POST
    if request.method == "POST" and "_parse" in post:
        source_form = ReprintSourceForm(post, request.FILES)
        if source_form.is_valid():
            try:
                parsed, text, kind = _parse(source_form.cleaned_data)
            except (ReprintError, FetchError) as exc:
                source_form.add_error(None, str(exc))
            else:
                form = ReprintArticleForm(
                    initial=_initial(parsed, text, kind),
                    suggestions=pipeline.suggest_tags(parsed.text),
                )
                context = _review_context(form, request, parsed)
                if text and not review.keepable(text):
                    context["pick_error"] = review.NOT_KEPT
                return _render(request, model_admin, {"step": "review", **context})
        return _render(request, model_admin, {"step": "source", "source_form": source_form})

    if request.method == "POST" and "_pick" in post:
        return _pick(request, model_admin)

    if request.method == "POST" and ("_save" in post or "_publish" in post or "_preview" in post):
        text = f"{post.get('title', '')}\n{html_to_text(post.get('body', ''))}"
        form = ReprintArticleForm(post, suggestions=pipeline.suggest_tags(text))
        valid = form.is_valid()
        context = _review_context(form, request)
        if valid and "_preview" not in post:
            if context["duplicates"] and not form.cleaned_data["confirm_duplicate"]:
                form.add_error(
                    "confirm_duplicate", "网站上已有疑似相同的文章(见上方),请核对后勾选此项再保存。"
                )
            else:
                return _save(request, form)
        return _render(request, model_admin, {"step": "review", **context})

    return _render(request, model_admin, {"step": "source", "source_form": ReprintSourceForm()})


def _save(request, form):
    data = form.cleaned_data
    wants_publish = "_publish" in request.POST
    fields = ("title", "source", "author_title", "author", "original_url", "published_at", "body")
    article = pipeline.save(
        {name: data[name] for name in fields},
        user=request.user,
        section=data["section"],
        publish=wants_publish,
        tags=form.all_tags(),
    )
    state = article.get_status_display()
    if article.sensitive_hits:
        messages.warning(
            request,
            "含有敏感词,未发布,已保存为草稿:" + describe_hits(article.sensitive_hits),
        )
    elif wants_publish and article.status != article.Status.PUBLISHED:
        messages.warning(request, "你没有发布权限,文章已保存为草稿,请等待审核发布。")
    messages.success(
        request,
        format_html(
            '已导入《{}》({})。<a href="{}" target="_blank" rel="noopener">在网站上{}</a>',
            article.title,
            state,
            article.get_absolute_url(),
            "查看" if article.is_public else "预览",
        ),
    )
    return redirect("admin:news_article_change", article.pk)
