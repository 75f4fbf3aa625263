from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "losen.cases"
    label = "cases"
    verbose_name = "Oppfølging"
