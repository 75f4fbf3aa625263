from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "losen.accounts"
    label = "accounts"
    verbose_name = "Organisasjoner og ansatte"
