from django import template

from losen.chat import engine

register = template.Library()


@register.filter
def event_text(code):
    return engine.event_text(code)
