from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "losen.groups"
    label = "groups"
    verbose_name = "Samtalegrupper"
