from __future__ import annotations

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma

from tweets.models import Community

from .comments import MAX_LENGTH as COMMENT_MAX_LENGTH
from .models import Post
from .rendering import TooComplex, render_markdown
from .throttle import COMMENTS_PER_MINUTE, allow_comment


class CommunityFilter(forms.Form):
    """The ?community= of the listing and the feed: a slug, or nothing."""

    community = forms.SlugField(
        required=False,
        max_length=100,
        error_messages={"invalid": "“community” must be a community's short name, such as wenurses."},
    )


def clean_post_body(body: str) -> str:
    """A body that renders, or the reason it does not, for the author. The rendering is
    remembered (blog/rendering.py), so saving the post does not render it again."""
    try:
        render_markdown(body)
    except TooComplex as problem:
        raise forms.ValidationError(str(problem)) from None
    return body


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "body", "communities"]
        labels = {"body": "Your post", "communities": "Communities"}
        help_texts = {
            "body": "Write in Markdown: **bold**, *italic*, [a link](https://example.org), "
            "# headings, - lists and > quotes. A blank line starts a new paragraph.",
            "communities": "Tag the Wes your post is for (optional).",
        }
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "body": forms.Textarea(attrs={"rows": 18, "aria-describedby": "body-help"}),
            "communities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = Community.objects.order_by("name")
        self.fields["title"].error_messages["required"] = "Give your post a title."
        self.fields["body"].error_messages["required"] = "Write something before saving."

    def clean_body(self) -> str:
        return clean_post_body(self.cleaned_data["body"])


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        # The length is checked in clean_body so the message can say by how much it is over.
        strip=True,
        error_messages={"required": "Write a comment before posting."},
    )
    # A honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, member_id: int | None = None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member_id = member_id
        self.request = request
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if len(body) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                f"Comments can be up to {intcomma(COMMENT_MAX_LENGTH)} characters; "
                f"yours has {intcomma(len(body))}. Please shorten it."
            )
        return body

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                "Your comment was not posted because a field meant to stay empty was filled in "
                "(browsers' autofill sometimes does this). Clear it and post again."
            )
        return ""

    def clean(self) -> dict:
        cleaned = super().clean()
        # Only a comment that would otherwise be posted counts against the limit.
        if not self.errors and self.member_id is not None and not allow_comment(self.member_id, self.request):
            self.rate_limited = True
            raise forms.ValidationError(
                f"You can post up to {COMMENTS_PER_MINUTE} comments a minute. "
                "Please wait a minute and post again; your text is kept below."
            )
        return cleaned

    rate_limited = False
