from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from . import proposals
from .forms import DeclineForm, QuestionLines
from .models import Tweetchat


class ChatStatusFilter(admin.SimpleListFilter):
    """Opens on the queue: proposals waiting for a decision come first, "All" shows the rest."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("all", "All"), *Tweetchat.Status.choices]

    def queryset(self, request, queryset):
        value = self.value() or Tweetchat.Status.PROPOSED
        return queryset if value == "all" else queryset.filter(status=value)

    def choices(self, changelist):
        current = self.value() or Tweetchat.Status.PROPOSED
        for value, label in self.lookup_choices:
            yield {
                "selected": current == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": "Waiting for review (proposed)" if value == Tweetchat.Status.PROPOSED else label,
            }


def _moment(label: str) -> forms.DateTimeField:
    # One labelled datetime-local box rather than the admin's split date and time boxes, which
    # have no labels of their own and whose calendar pop-ups inject styles the CSP refuses.
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    return forms.DateTimeField(label=label, widget=widget, help_text="UK time.")


class TweetchatAdminForm(forms.ModelForm):
    start = _moment("Start")
    end = _moment("End")
    questions = QuestionLines(
        required=False, help_text="One question per line, in the order the host asks them (Q1, Q2, … are added)."
    )

    class Meta:
        model = Tweetchat
        fields = [
            "community", "start", "end", "topic", "slug", "description", "questions", "hosts",
            "status", "decline_reason", "proposer_name", "proposer_handle", "proposer_email",
        ]  # fmt: skip


@admin.register(Tweetchat)
class TweetchatAdmin(admin.ModelAdmin):
    form = TweetchatAdminForm
    # Short columns, so that the list fits beside its filters at 1280 px.
    list_display = ["when", "hashtag", "topic", "status", "proposer"]
    list_filter = [ChatStatusFilter, "community"]
    list_select_related = ["community"]
    search_fields = ["topic", "proposer_name", "proposer_handle", "proposer_email"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["topic"]}
    # Account ids with a search pop-up (the accounts' admin searches handles), not a list of every account.
    raw_id_fields = ["hosts"]
    readonly_fields = ["created_at"]
    actions = ["approve", "decline"]
    fieldsets = [
        (None, {"fields": ["community", "start", "end", "topic", "slug", "description", "questions", "hosts"]}),
        ("Moderation", {"fields": ["status", "decline_reason", "created_at"]}),
        ("Proposed by", {"fields": ["proposer_name", "proposer_handle", "proposer_email"]}),
    ]

    @admin.display(description="when (UK)", ordering="start")
    def when(self, chat: Tweetchat) -> str:
        return f"{timezone.localtime(chat.start, timezone.get_default_timezone()):%a %-d %b %Y, %H:%M}"

    @admin.display(description="We", ordering="community__name")
    def hashtag(self, chat: Tweetchat) -> str:
        return chat.community.display_hashtag

    @admin.display(description="proposed by")
    def proposer(self, chat: Tweetchat) -> str:
        return f"{chat.proposer_name} (@{chat.proposer_handle})" if chat.proposer_handle else chat.proposer_name

    @admin.action(description="Approve: put on the calendar and tell the proposer", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Tweetchat]) -> None:
        decision = proposals.approve(queryset.select_related("community"))
        for chat in decision.done:
            self.log_change(request, chat, "Approved: scheduled on the calendar.")
        self._report(request, decision, "approved and scheduled")

    @admin.action(description="Decline with a reason (the proposer is told)", permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet[Tweetchat]) -> TemplateResponse | None:
        # An intermediate page: the first POST shows the reason form, the second (with
        # "confirm") declines. The selected ids travel in the form as the admin's own action does.
        form = DeclineForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            decision = proposals.decline(queryset.select_related("community"), form.cleaned_data["reason"])
            for chat in decision.done:
                self.log_change(request, chat, f"Declined: {form.cleaned_data['reason']}")
            self._report(request, decision, "declined")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Decline proposed chats",
            "chats": queryset.select_related("community"),
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "chats/admin_decline.html", context)

    def _report(self, request: HttpRequest, decision, verb: str) -> None:
        if decision.done:
            self.message_user(request, f"{len(decision.done)} chat(s) {verb}; the proposers were emailed.", messages.SUCCESS)
        for chat, why in decision.skipped:
            self.message_user(request, f"“{chat.topic}” was left alone: {why}.", messages.WARNING)
