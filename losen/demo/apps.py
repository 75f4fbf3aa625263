from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "losen.demo"
    label = "demo"
    verbose_name = "Demo"
