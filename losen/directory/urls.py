from django.urls import path

from losen.directory import hsds_views, views

app_name = "directory"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("forvaltning/", views.stewardship, name="stewardship"),
    path("forvaltning/kompletthet/", views.completeness_list, name="completeness"),
    path("forvaltning/hsds/eksport/", hsds_views.export, name="hsds_export"),
    path("forvaltning/hsds/import/", hsds_views.import_, name="hsds_import"),
    path("forvaltning/<slug:slug>/", views.edit, name="edit"),
    path("forvaltning/<slug:slug>/bekreft/", views.confirm, name="confirm"),
    path("<slug:slug>/", views.service_detail, name="detail"),
]
