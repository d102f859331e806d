from django.contrib import admin, messages

from association.web.pagecache.version import bump_content_version

from .indexing import reindex_containing
from .models import IndustryTerm, SearchTerm, SynonymGroup
from .text import reload_dictionary


@admin.register(IndustryTerm)
class IndustryTermAdmin(admin.ModelAdmin):
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    fields = ["word", "note"]

    def _apply(self, request, words):
        reload_dictionary()
        count = reindex_containing(words)
        self.message_user(
            request, f"词典已生效,已重新索引 {count} 篇含有“{'、'.join(words)}”的文章。",
            messages.SUCCESS,
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        old = form.initial.get("word") if change else None
        super().save_model(request, obj, form, change)
        self._apply(request, [w for w in (old, obj.word) if w])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._apply(request, [obj.word])

    def delete_queryset(self, request, queryset):
        words = list(queryset.values_list("word", flat=True))
        super().delete_queryset(request, queryset)
        self._apply(request, words)


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    """Beside the dictionary; Django's own history (LogEntry) records who changed a group."""

    list_display = ["__str__", "note", "updated_at"]
    search_fields = ["terms", "note"]
    fields = ["terms", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # renews the content version: no reindex
        self.message_user(request, f"同义词“{obj}”已生效,搜索其中任何一个词都会找到其他词。")


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    list_display = ["term", "count", "last_searched_at", "hidden"]
    list_editable = ["hidden"]
    list_filter = ["hidden"]
    search_fields = ["term"]
    readonly_fields = ["term", "count", "last_searched_at"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False  # terms come from visitors' searches

    @admin.action(description="在热门搜索中隐藏所选词")
    def hide(self, request, queryset):
        count = queryset.update(hidden=True)
        bump_content_version()  # update() sends no signal; the home page lists hot searches
        self.message_user(request, f"已隐藏 {count} 个搜索词。", messages.SUCCESS)

    @admin.action(description="在热门搜索中重新显示所选词")
    def show(self, request, queryset):
        count = queryset.update(hidden=False)
        bump_content_version()
        self.message_user(request, f"已恢复显示 {count} 个搜索词。", messages.SUCCESS)
