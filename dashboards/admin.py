from django.contrib import admin

from .models import Share, WordCloud


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    list_display = ["member", "dashboard", "created_at"]
    list_filter = ["dashboard"]
    search_fields = ["member__username", "member__x_account__handle"]
    raw_id_fields = ["member"]


@admin.register(WordCloud)
class WordCloudAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "drawn_at", "input_hash"]
    list_filter = ["kind"]
    search_fields = ["member__username"]
    raw_id_fields = ["member"]
    readonly_fields = ["input_hash", "svg", "words", "drawn_at"]
