from django import template
from django.utils.safestring import SafeString

from badges import artwork

register = template.Library()


@register.simple_tag
def badge_art(slug: str, level: int, size: int = 48) -> SafeString:
    """{% badge_art "chats" 3 96 %}: the badge's artwork at that level, as an <img>."""
    return artwork.img(slug, int(level), int(size))
