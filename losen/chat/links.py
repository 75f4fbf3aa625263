"""Which directory services run their chat on Losen, for "Start chat" links elsewhere."""

from losen.chat.models import ChatService


def chat_slugs() -> set[str]:
    return set(ChatService.objects.filter(enabled=True).values_list("service__slug", flat=True))
