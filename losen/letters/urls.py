from django.urls import path

from losen.letters import views

app_name = "letters"

urlpatterns = [
    path("", views.index, name="index"),
    path("hent/", views.pickup, name="pickup"),
    path("hent/svar/", views.reply, name="reply"),
    path("hent/slett/", views.delete, name="delete"),
    path("hent/tilbakemelding/", views.feedback, name="feedback"),
    # staff
    path("vakt/<slug:org>/", views.inbox, name="inbox"),
    path("vakt/<slug:org>/liste/", views.inbox_live, name="inbox_live"),
    path("vakt/<slug:org>/sprak/", views.languages, name="languages"),
    path("vakt/<slug:org>/innstillinger/", views.settings_view, name="settings"),
    path("vakt/<slug:org>/melding/<int:pk>/", views.staff_thread, name="staff_thread"),
    path("vakt/<slug:org>/melding/<int:pk>/ta/", views.claim, name="claim"),
    path("vakt/<slug:org>/melding/<int:pk>/slipp/", views.release, name="release"),
    path("vakt/<slug:org>/melding/<int:pk>/svar/", views.staff_reply, name="staff_reply"),
    path("vakt/<slug:org>/melding/<int:pk>/godkjenn/<int:message_id>/", views.approve, name="approve"),
    path("vakt/<slug:org>/melding/<int:pk>/vaktleder/", views.escalate, name="escalate"),
    path("vakt/<slug:org>/melding/<int:pk>/overfor/", views.transfer, name="transfer"),
    path("vakt/<slug:org>/melding/<int:pk>/avslutt/", views.close, name="close"),
    path("vakt/<slug:org>/melding/<int:pk>/fast-samtalepartner/", views.offer_case, name="offer_case"),
    path("vakt/<slug:org>/melding/<int:pk>/risiko/", views.risk, name="risk"),
    path("vakt/<slug:org>/melding/<int:pk>/fjern/<int:message_id>/", views.redact, name="redact"),
    path("vakt/<slug:org>/melding/<int:pk>/avvergingsplikt/", views.avert_raise, name="avert_raise"),
    path("vakt/<slug:org>/melding/<int:pk>/avvergingsplikt/bekreft/", views.avert_confirm, name="avert_confirm"),
    path("vakt/<slug:org>/melding/<int:pk>/avvergingsplikt/frigi/", views.avert_release, name="avert_release"),
    path("<slug:slug>/", views.write, name="write"),
]
