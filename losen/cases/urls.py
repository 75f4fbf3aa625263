from django.urls import path

from losen.cases import views

app_name = "cases"

urlpatterns = [
    path("tjeneste/<slug:slug>/", views.intake, name="intake"),
    path("tjeneste/<slug:slug>/undersokelse/<int:year>/", views.survey, name="survey"),
    path("min/", views.mine, name="mine"),
    path("tilbud/", views.offer, name="offer"),
    path("mine-saker/", views.my_cases, name="my_cases"),
    path("org/<slug:org>/", views.desk, name="desk"),
    path("org/<slug:org>/ny/", views.leader_intake, name="leader_intake"),
    path("org/<slug:org>/sak/<int:pk>/", views.case_page, name="case"),
    path("org/<slug:org>/henvisninger/", views.referrals, name="referrals"),
    path("org/<slug:org>/henvendelser/", views.inquiries, name="inquiries"),
    path("org/<slug:org>/undersokelse/", views.survey_report, name="survey_report"),
    path("org/<slug:org>/innstillinger/", views.settings_view, name="settings"),
]
