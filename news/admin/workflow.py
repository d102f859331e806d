"""The article admin's workflow: roles, optimistic locking, sensitive words, revisions, recycle bin.

ArticleAdmin (articles.py) mixes in ArticleWorkflowMixin; the recycle bin, the audit trail and
the sensitive words have their own screens (editorial.py).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import revisions
from ..editor import BodyEditorWidget
from ..models import Article, SensitiveWord
from ..workflow import (
    allowed_statuses,
    article_texts,
    describe_hits,
    find_sensitive_words,
    move_to_recycle_bin,
    status_error,
)

Status = Article.Status


class ArticleAdminForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        label="我已看过对方的修改,用我的版本覆盖", required=False, widget=forms.CheckboxInput
    )
    request = None  # set by ArticleWorkflowMixin.get_form

    class Meta:
        model = Article
        fields = ["title", "body", "status"]  # the admin's fieldsets add the rest
        widgets = {"body": BodyEditorWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.sensitive_hits = []
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.version
        if "status" in self.fields and self.request is not None:
            current = self.instance.status if self.instance.pk else None
            self.fields["status"].choices = allowed_statuses(self.request.user, current)

    def clean(self):
        cleaned = super().clean()
        self._check_conflict(cleaned)
        self._check_status(cleaned)
        self._check_sensitive_words(cleaned)
        return cleaned

    def _check_conflict(self, cleaned):
        if not self.instance.pk:
            return
        submitted = cleaned.get("lock_version")
        current = (
            Article.objects.filter(pk=self.instance.pk)
            .values("version", "updated_at", "updated_by__username")
            .first()
        )
        if submitted is None or current is None or submitted == current["version"]:
            return
        if cleaned.get("overwrite"):
            return
        self.conflict = current
        who = current["updated_by__username"] or "其他人"
        when = timezone.localtime(current["updated_at"]).strftime("%Y-%m-%d %H:%M:%S")
        raise ValidationError(
            f"没有保存:这篇文章在您打开之后已被 {who} 于 {when} 修改。"
            "您的内容仍在下面的表单中,没有丢失。请先查看修订历史中对方改了什么,"
            "把需要的内容合并进来,再勾选“用我的版本覆盖”后保存。",
            code="conflict",
        )

    def _check_status(self, cleaned):
        if self.request is None or "status" not in cleaned:
            return
        old_status = self.instance.status if self.instance.pk else None
        old_time = self.instance.published_at if self.instance.pk else None
        error = status_error(
            self.request.user, old_status, cleaned["status"], old_time, cleaned.get("published_at")
        )
        if error:
            self.add_error("status", error)

    def _check_sensitive_words(self, cleaned):
        data = {name: cleaned.get(name, getattr(self.instance, name, "")) for name in (
            "title", "summary", "body", "source", "author"
        )}  # fmt: skip
        hits = find_sensitive_words(article_texts(data))
        if hits and cleaned.get("status") == Status.PUBLISHED:
            self.add_error(
                None,
                f"含有敏感词,不能发布:{describe_hits(hits)}。请修改后再发布,或先保存为草稿。",
            )
        self.sensitive_hits = hits


class ArticleWorkflowMixin:
    """Roles, locking, sensitive words, revisions and the recycle bin for ArticleAdmin."""

    form = ArticleAdminForm
    change_form_template = "admin/news/article/change_form.html"
    autocomplete_fields = ["cover"]
    actions = ["submit_for_review", "publish", "withdraw", "move_to_recycle_bin"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "cover_preview"]

    @admin.display(description="封面预览")
    def cover_preview(self, obj):
        if obj and obj.cover_id:
            return format_html(
                '<img class="library-preview" src="{}" alt="">', obj.cover.display_url
            )
        if obj and obj.cover_image:
            return format_html(
                '<img class="library-preview" src="{}" alt="">(旧方式上传的封面)',
                obj.cover_image.url,
            )
        return "(未设置)"

    # Permissions for the actions ------------------------------------------------------------

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    def has_withdraw_permission(self, request):
        return request.user.has_perm("news.withdraw_article")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # replaced by move_to_recycle_bin
        return actions

    # Saving ----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        hits = getattr(form, "sensitive_hits", [])
        if hits:
            messages.warning(
                request,
                f"提醒:文章含有敏感词,已保存为“{obj.get_status_display()}”,发布前必须修改:"
                f"{describe_hits(hits)}。",
            )

    def delete_model(self, request, obj):
        move_to_recycle_bin(obj, request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            move_to_recycle_bin(article, request.user)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request, f"“{obj_display}”已移入回收站,主编可以从回收站恢复。", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:news_article_changelist"))

    def get_deleted_objects(self, objs, request):
        # Nothing is destroyed: the articles (and their revisions) go to the recycle bin.
        objs = list(objs)
        return [f"{o}(移入回收站,主编可恢复)" for o in objs], {"文章": len(objs)}, set(), []

    # Actions ---------------------------------------------------------------------------------

    @staticmethod
    def _set_status(request, articles, status):
        """Move each article to status one by one, so revisions and the audit trail see it."""
        count = 0
        for article in articles:
            article.status = status
            article.updated_by = request.user
            article.save(update_fields=["status", "updated_by", "updated_at"])
            count += 1
        return count

    @admin.action(description="提交审核", permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(status__in=[Status.DRAFT, Status.WITHDRAWN])
        count = self._set_status(request, drafts, Status.REVIEW)
        self.message_user(request, f"已提交审核 {count} 篇文章。", messages.SUCCESS)

    @admin.action(description="发布所选文章", permissions=["publish"])
    def publish(self, request, queryset):
        clean, blocked = [], []
        words = list(SensitiveWord.objects.values_list("word", flat=True))
        for article in queryset.exclude(status=Status.PUBLISHED):
            fields = {
                name: getattr(article, name)
                for name in ("title", "summary", "body", "source", "author")
            }
            hits = find_sensitive_words(article_texts(fields), words)
            if hits:
                blocked.append(f"《{article.title}》{describe_hits(hits)}")
            else:
                clean.append(article)
        count = self._set_status(request, clean, Status.PUBLISHED)
        self.message_user(request, f"已发布 {count} 篇文章。", messages.SUCCESS)
        if blocked:
            self.message_user(
                request, "以下文章含有敏感词,没有发布:" + ";".join(blocked), messages.ERROR
            )

    @admin.action(description="下线所选文章", permissions=["withdraw"])
    def withdraw(self, request, queryset):
        published = queryset.filter(status=Status.PUBLISHED)
        count = self._set_status(request, published, Status.WITHDRAWN)
        self.message_user(request, f"已下线 {count} 篇文章。", messages.SUCCESS)

    @admin.action(description="删除所选文章(移入回收站)", permissions=["delete"])
    def move_to_recycle_bin(self, request, queryset):
        count = 0
        for article in queryset:
            move_to_recycle_bin(article, request.user)
            count += 1
        self.message_user(
            request, f"已把 {count} 篇文章移入回收站,主编可以从回收站恢复。", messages.SUCCESS
        )

    # Revisions -------------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_view),
                name="news_article_revision_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                view(self.restore_view),
                name="news_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("文章不存在或已移入回收站。")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "article": article,
            "title": title,
            "has_change_permission": self.has_change_permission(request, article),
            "media": self.media + forms.Media(css={"all": ["news/admin/editor.css"]}),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        """The 历史 button: this article's revisions, to compare and restore."""
        article = self._article_or_404(request, object_id)
        history = article.revisions.select_related("user")
        context = self._context(
            request, article, f"《{article.title}》的修订历史", revisions=history
        )
        return TemplateResponse(request, "admin/news/article/revisions.html", context)

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        try:
            numbers = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            messages.error(request, "请选择两个要对比的版本。")
            return HttpResponseRedirect(reverse("admin:news_article_history", args=[article.pk]))
        found = {r.number: r for r in article.revisions.filter(number__in=numbers)}
        if len(numbers) != 2 or len(found) != 2:
            messages.error(request, "请选择两个不同的、存在的版本。")
            return HttpResponseRedirect(reverse("admin:news_article_history", args=[article.pk]))
        old, new = found[numbers[0]], found[numbers[1]]
        context = self._context(
            request,
            article,
            f"对比第 {old.number} 版和第 {new.number} 版",
            old=old,
            new=new,
            entries=revisions.compare(old, new),
        )
        return TemplateResponse(request, "admin/news/article/revision_compare.html", context)

    def restore_view(self, request, object_id, number):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:news_article_history", args=[object_id]))
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(article.revisions, number=number)
        with transaction.atomic():
            revisions.restore(article, revision, request.user)
        self.message_user(
            request,
            f"已把正文等内容恢复到第 {number} 版(状态和发布时间未改变),"
            "恢复前的内容仍保留在修订历史中。",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
