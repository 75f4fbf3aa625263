from django.urls import path

from losen.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.index, name="index"),
    path("hent/", views.pickup, name="pickup"),
    path("gruppe/<int:pk>/", views.series_detail, name="series"),
    path("deltaker/<uuid:token>/", views.participant, name="participant"),
    path("deltaker/<uuid:token>/grunnregler/", views.accept_rules, name="rules"),
    path("deltaker/<uuid:token>/tema/<int:topic_id>/", views.vote, name="vote"),
    path("deltaker/<uuid:token>/samling/<int:session_id>/foresla/", views.suggest, name="suggest"),
    path("deltaker/<uuid:token>/samling/<int:session_id>/evaluering/", views.evaluate, name="evaluate"),
    path("deltaker/<uuid:token>/evaluering/", views.evaluate_series, name="evaluate_series"),
    path("deltaker/<uuid:token>/meld-av/", views.withdraw, name="withdraw"),
    path("deltaker/<uuid:token>/rom/<int:session_id>/", views.room, name="room"),
    path("deltaker/<uuid:token>/rom/<int:session_id>/send/", views.room_send, name="room_send"),
    path("deltaker/<uuid:token>/rom/<int:session_id>/leder/", views.side_open, name="side_open"),
    # staff
    path("leder/", views.my_sessions, name="my_sessions"),
    path("leder/samling/<int:pk>/", views.lead, name="lead"),
    path("leder/samling/<int:pk>/handling/", views.lead_action, name="lead_action"),
    path("stab/<slug:org>/", views.coordinator, name="coordinator"),
    path("stab/<slug:org>/ny/", views.series_new, name="series_new"),
    path("stab/<slug:org>/gruppe/<int:pk>/", views.series_admin, name="series_admin"),
    path("stab/<slug:org>/innstillinger/<slug:slug>/", views.settings_view, name="settings"),
]
