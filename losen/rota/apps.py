from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "losen.rota"
    label = "rota"
    verbose_name = "Vaktplan"

    def ready(self):
        from losen.rota import receivers, signals
        from losen.volunteers import own_page
        from losen.volunteers.signals import offboarded

        signals.went_off_duty.connect(receivers.on_went_off_duty, dispatch_uid="rota.checkin")
        signals.heavy_contact_concluded.connect(receivers.on_heavy_contact_concluded, dispatch_uid="rota.debrief")
        offboarded.connect(receivers.on_offboarded, dispatch_uid="rota.hand_back")
        own_page.register("rota", "losen.rota.own_page.section")
