from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "losen.letters"
    label = "letters"
    verbose_name = "Skriv til oss"
