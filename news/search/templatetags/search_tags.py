from django import template

from ..hot import hot_searches

register = template.Library()


@register.simple_tag
def get_hot_searches(limit=10):
    """{% get_hot_searches as terms %}: the most searched terms editors did not hide."""
    return hot_searches(limit)
