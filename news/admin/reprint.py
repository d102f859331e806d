"""The admin page 导入转载文章: paste, upload or give an address; check the fields; save."""

import re
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from ..reprint import pipeline
from ..reprint.errors import ReprintError
from ..reprint.fetch import FetchError, fetch_page
from ..reprint.forms import ReprintArticleForm, ReprintSourceForm
from ..sanitize import clean_html, html_to_text
from ..workflow import describe_hits

TEMPLATE = "admin/news/article/reprint_import.html"
_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.S)


def admin_urls(model_admin):
    """URLs to add to ArticleAdmin.get_urls()."""
    view = model_admin.admin_site.admin_view(partial(reprint_import, model_admin=model_admin))
    return [path("import-reprint/", view, name="news_article_reprint_import")]


def _parse(data):
    """Parse what the source form holds; raises ReprintError or FetchError with a message."""
    url = (data.get("url") or "").strip()
    upload = data.get("docx_file")
    if upload:
        parsed = pipeline.read(upload.read(), filename=upload.name, url=url)
    elif data.get("content", "").strip():
        parsed = pipeline.read(data["content"], url=url)
    else:
        parsed = pipeline.read(fetch_page(url))
    return pipeline.localise(parsed, url=url)


def _initial(parsed):
    """The review form's first values: the parse's article fields, and what to check."""
    fields = pipeline.article_fields(parsed)
    published = fields["published_at"] or timezone.now()
    return {
        **fields,
        "published_at": timezone.localtime(published).replace(microsecond=0),
        "lead_attribution": parsed.lead_attribution,
        "notes": "\n".join(pipeline.review_notes(parsed)),
    }


def _review_context(form, request):
    def get(name):
        return form[name].value()  # what the editor sees: posted data, or the parsed initial

    body = clean_html(get("body") or "")
    duplicates = pipeline.duplicates(
        {name: get(name) for name in ("title", "source", "original_url")} | {"body": body}
    )
    notes = [n for n in (get("notes") or "").split("\n") if n.strip()]
    return {
        "form": form,
        "preview_html": body,
        "headings": [(int(level), html_to_text(text)) for level, text in _HEADING.findall(body)],
        "paragraph_count": body.count("<p>"),
        "lead_attribution": get("lead_attribution") or "",
        "notes": notes,
        "duplicates": duplicates,
        "may_publish": pipeline.can_publish(request.user),
    }


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
                parsed = _parse(source_form.cleaned_data)
            except (ReprintError, FetchError) as exc:
                source_form.add_error(None, str(exc))
            else:
                form = ReprintArticleForm(
                    initial=_initial(parsed), suggestions=pipeline.suggest_tags(parsed.text)
                )
                return _render(
                    request, model_admin, {"step": "review", **_review_context(form, request)}
                )
        return _render(request, model_admin, {"step": "source", "source_form": source_form})

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
