"""Staff see that records exist (to help a member or count use), never what they wrote: no
description, evidence or reflection text is listed, shown or searchable, and nothing can be
added or changed here."""

from __future__ import annotations

from django.contrib import admin

from .models import Entry, Reflection


class MetadataOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(MetadataOnly):
    list_display = ["id", "member", "method", "status", "start_date", "minutes", "participatory_minutes"]
    list_filter = ["method", "status"]
    fields = ["member", "method", "status", "start_date", "minutes", "participatory_minutes", "created_at"]
    readonly_fields = fields


@admin.register(Reflection)
class ReflectionAdmin(MetadataOnly):
    list_display = ["id", "member", "created_at", "updated_at"]
    fields = ["member", "created_at", "updated_at"]
    readonly_fields = fields
