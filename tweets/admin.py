from django.contrib import admin

from .models import Account, Community, DeadLetter, Tweet, XBudget


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["display_hashtag", "name", "colour"]
    search_fields = ["name", "hashtag"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["admins"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["handle", "name", "followers_count", "member", "deleted_at", "archive_choice"]
    list_filter = ["archive_choice"]
    search_fields = ["handle", "name", "=id"]
    # The person's own choice, made on /about/archive/choice/ and recorded there (tweets/consent.py).
    readonly_fields = ["id", "profile_at", "archive_choice", "archive_choice_at"]
    raw_id_fields = ["member"]


@admin.register(Tweet)
class TweetAdmin(admin.ModelAdmin):
    list_display = ["id", "author", "created_at", "kind", "short_text", "deleted_at"]
    list_filter = ["kind"]
    search_fields = ["=id", "text", "author__handle"]
    date_hierarchy = "created_at"
    list_select_related = ["author"]
    show_full_result_count = False
    raw_id_fields = ["author"]
    readonly_fields = [f.name for f in Tweet._meta.concrete_fields]

    @admin.display(description="text")
    def short_text(self, tweet: Tweet) -> str:
        return tweet.text[:80]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ["received_at", "source", "line", "reason"]
    list_filter = ["reason"]
    search_fields = ["source", "reason"]
    readonly_fields = ["raw", "source", "line", "offset", "reason", "received_at"]


@admin.register(XBudget)
class XBudgetAdmin(admin.ModelAdmin):
    """The monthly budget for reading X, changed live: tweets/budget.py reads it on every plan."""

    list_display = ["dollars", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return not XBudget.objects.exists()  # one budget
