from django import template
from django.utils.safestring import SafeString

from chats import transcript_html
from chats.transcript import Question

register = template.Library()


@register.filter
def answer_links(question: Question) -> SafeString:
    """`{{ q|answer_links }}`: rendered in Python, as the transcript is: a busy chat's
    questions have hundreds of answers between them."""
    return transcript_html.answer_links(question)
