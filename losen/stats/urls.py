from django.urls import path

from losen.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.public_table, name="public"),
    path("nasjonalt/", views.national, name="national"),
    path("org/<slug:org>/", views.dashboard, name="dashboard"),
    path("org/<slug:org>/arsrapport/", views.annual, name="annual"),
    path("org/<slug:org>/telefon/", views.import_calls, name="import_calls"),
    path("org/<slug:org>/kapasitet/", views.capacity_page, name="capacity"),
]
