from django.urls import path

from losen.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.me, name="me"),
    path("eksport/", views.export, name="export"),
    path("erklaering/<int:pk>/", views.declaration, name="declaration"),
    path("pause/<int:pk>/", views.pause, name="pause"),
    path("kompetanse/<int:pk>/", views.competence, name="competence"),
    path("org/<slug:org>/", views.roster, name="roster"),
    path("org/<slug:org>/opplaering/", views.training_view, name="training"),
    path("org/<slug:org>/erklaeringer/", views.declarations_view, name="declarations"),
    path("org/<slug:org>/<int:pk>/", views.detail, name="detail"),
    path("org/<slug:org>/<int:pk>/steg/", views.move_stage, name="move"),
    path("org/<slug:org>/<int:pk>/opplaering/", views.add_completion, name="add_completion"),
    path("org/<slug:org>/<int:pk>/politiattest/", views.police_certificate, name="police_certificate"),
]
