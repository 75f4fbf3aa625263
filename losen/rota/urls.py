from django.urls import path

from losen.rota import views

app_name = "rota"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("innsjekk/", views.checkin, name="checkin"),
    path("vakt/<int:shift_id>/meld-pa/", views.sign_up, name="sign_up"),
    path("plass/<int:pk>/avmeld/", views.cancel, name="cancel"),
    path("plass/<int:pk>/bytt/", views.swap, name="swap"),
    path("kalender/", views.calendar_token, name="calendar_token"),
    path("kalender/<uuid:token>/", views.calendar_feed, name="calendar_feed"),
    path("org/<slug:org>/tilgjengelighet/", views.availability, name="availability"),
    path("org/<slug:org>/be-om-godkjenning/", views.ask_approval, name="ask_approval"),
    path("org/<slug:org>/", views.gaps, name="gaps"),
    path("org/<slug:org>/maler/", views.templates_view, name="templates"),
    path("org/<slug:org>/fyll/", views.fill_view, name="fill"),
    path("org/<slug:org>/fyll/<int:pk>/", views.fill_proposal, name="fill_proposal"),
    path("org/<slug:org>/oppfolging/", views.follow_up, name="follow_up"),
    path("org/<slug:org>/oppfolging/samtale/<int:pk>/", views.debrief_done, name="debrief_done"),
    path("org/<slug:org>/oppfolging/bytte/<int:pk>/", views.swap_decide, name="swap_decide"),
    path("org/<slug:org>/oppfolging/godkjenning/<int:pk>/", views.approval_decide, name="approval_decide"),
    path("org/<slug:org>/oppfolging/varsel/<int:pk>/", views.alert_seen, name="alert_seen"),
]
