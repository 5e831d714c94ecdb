from django.contrib import admin

from .models import Credential


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    """Read-only: credentials change only through issuance and revocation."""

    list_display = ["public_id", "handle", "badge", "level", "reached_at", "issued_at", "revoked_at", "reason"]
    list_filter = ["badge", "reason"]
    search_fields = ["handle", "public_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
