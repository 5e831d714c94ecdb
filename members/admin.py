from django.contrib import admin

from .models import FollowGraphRead, XToken


@admin.register(XToken)
class XTokenAdmin(admin.ModelAdmin):
    # Never the tokens themselves, not even encrypted.
    list_display = ["user", "x_user_id", "expires_at", "refreshed_at", "revoked_at"]
    fields = ["user", "x_user_id", "scope", "expires_at", "created_at", "refreshed_at", "revoked_at"]
    readonly_fields = fields
    search_fields = ["user__username", "x_user_id"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(FollowGraphRead)
class FollowGraphReadAdmin(admin.ModelAdmin):
    list_display = ["user", "phase", "completed_at", "followers_count", "following_count", "resume_at", "error"]
    list_filter = ["phase"]
    readonly_fields = [f.name for f in FollowGraphRead._meta.fields]
    search_fields = ["user__username"]
