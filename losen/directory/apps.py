from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "losen.directory"
    label = "directory"
    verbose_name = "Tjenestekatalog"

    def ready(self):
        from django.conf import settings

        from losen.directory import hsds

        hsds.use_schema_dir(settings.LOSEN_HSDS_SCHEMA_DIR)
