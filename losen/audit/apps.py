from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "losen.audit"
    label = "audit"
    verbose_name = "Revisjonslogg"

    def ready(self):
        from losen.audit import signals  # noqa: F401
