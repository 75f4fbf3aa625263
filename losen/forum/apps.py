from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "losen.forum"
    label = "forum"
    verbose_name = "Forum"
