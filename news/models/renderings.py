from django.db import models


class ArticleRendering(models.Model):
    """An article's own HTML as visitors see it, rendered once and kept (news/rendering.py):
    a cold article page reads it with the article instead of rendering templates. Never for
    drafts, scheduled articles or previews."""

    article = models.OneToOneField(
        "news.Article", verbose_name="文章", on_delete=models.CASCADE, primary_key=True,
        related_name="rendering",
    )  # fmt: skip
    key = models.CharField(
        "版本键", max_length=32, help_text="所依据内容和模板的摘要;不一致时重新生成。"
    )
    parts = models.JSONField("页面片段", default=dict, help_text="各片段的 HTML,含占位符。")
    rendered_at = models.DateTimeField("生成时间", auto_now=True)

    # Storing or dropping a rendering shows nothing new: the page cache keeps its version.
    affects_public_pages = False

    class Meta:
        verbose_name = "文章渲染缓存"
        verbose_name_plural = "文章渲染缓存"

    def __str__(self):
        return f"{self.article_id}"
