from django.contrib import admin

from ..models import HotTag, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position", "show_in_nav"]
    list_editable = ["position", "show_in_nav"]
    search_fields = ["name", "name_en", "slug"]


@admin.register(HotTag)
class HotTagAdmin(admin.ModelAdmin):
    list_display = ["tag", "position"]
    list_editable = ["position"]
    autocomplete_fields = ["tag"]
    ordering = ["position", "id"]
