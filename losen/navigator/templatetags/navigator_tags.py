"""Template filters for the navigator's fixed codes (staff pages show them in words)."""

from django import template
from django.utils.translation import gettext

from losen.navigator.crisis import REASON_TEXT

register = template.Library()


@register.filter
def risk_reasons(codes) -> str:
    """Fixed reason codes stored on a chat (``risk_reasons``) as words, e.g. "skriver om selvmordstanker"."""
    return ", ".join(gettext(REASON_TEXT[c]) if c in REASON_TEXT else str(c) for c in (codes or []))
