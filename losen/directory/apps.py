from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "losen.directory"
    label = "directory"
    verbose_name = "Tjenestekatalog"
