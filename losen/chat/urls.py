from django.urls import path

from losen.chat import views

app_name = "chat"
urlpatterns = [
    path("", views.index, name="index"),
    path("samtale/<uuid:token>/", views.conversation, name="conversation"),
    path("samtale/<uuid:token>/send/", views.send, name="send"),
    path("samtale/<uuid:token>/avslutt/", views.leave, name="leave"),
    path("samtale/<uuid:token>/samtykke/", views.consent, name="consent"),
    path("samtale/<uuid:token>/tilbakemelding/", views.feedback, name="feedback"),
    # staff
    path("vakt/<slug:org>/", views.console, name="console"),
    path("vakt/<slug:org>/status/", views.panel, name="panel"),
    path("vakt/<slug:org>/vakt/", views.duty, name="duty"),
    path("vakt/<slug:org>/vakt/foresporsel/<int:pk>/", views.duty_request, name="duty_request"),
    path("vakt/<slug:org>/neste/", views.take_next, name="take_next"),
    path("vakt/<slug:org>/samtale/<int:pk>/", views.staff_conversation, name="staff_conversation"),
    path("vakt/<slug:org>/samtale/<int:pk>/send/", views.staff_send, name="staff_send"),
    path("vakt/<slug:org>/samtale/<int:pk>/avslutt/", views.end_chat, name="end"),
    path("vakt/<slug:org>/samtale/<int:pk>/fast-samtalepartner/", views.offer_case, name="offer_case"),
    path("vakt/<slug:org>/samtale/<int:pk>/registrer/", views.wrap_up, name="wrap_up"),
    path("vakt/<slug:org>/samtale/<int:pk>/vaktleder/", views.escalate, name="escalate"),
    path("vakt/<slug:org>/samtale/<int:pk>/bli-med/", views.join, name="join"),
    path("vakt/<slug:org>/samtale/<int:pk>/risiko/", views.risk, name="risk"),
    path("vakt/<slug:org>/samtale/<int:pk>/overfor/", views.transfer, name="transfer"),
    path("vakt/<slug:org>/samtale/<int:pk>/avvergingsplikt/", views.raise_avert, name="raise_avert"),
    path("vakt/<slug:org>/samtale/<int:pk>/melding/<int:message_id>/fjern/", views.redact, name="redact"),
    path("vakt/<slug:org>/overforing/<int:pk>/", views.transfer_answer, name="transfer_answer"),
    path("vakt/<slug:org>/ko/", views.queue_view, name="queue"),
    path("vakt/<slug:org>/ko/<int:pk>/flytt/", views.reorder, name="reorder"),
    path("vakt/<slug:org>/avvergingsplikt/", views.avert_list, name="avert"),
    path("vakt/<slug:org>/avvergingsplikt/<int:pk>/bekreft/", views.avert_confirm, name="avert_confirm"),
    path("vakt/<slug:org>/avvergingsplikt/<int:pk>/frigi/", views.avert_release, name="avert_release"),
    path("vakt/<slug:org>/avvergingsplikt/<int:pk>/be-om-apning/", views.avert_open_request, name="avert_open_request"),
    path("vakt/<slug:org>/avvergingsplikt/<int:pk>/apne/", views.avert_open_approve, name="avert_open_approve"),
    path("vakt/<slug:org>/innstillinger/", views.settings_view, name="settings"),
    path("vakt/<slug:org>/statistikk/", views.stats, name="stats"),
    path("<slug:slug>/", views.start, name="start"),
]
