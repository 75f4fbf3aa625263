from django.urls import path

from losen.directory import api, hsds_views

urlpatterns = [
    path("services", api.services, name="services"),
    path("services/<slug:slug>", api.service, name="service"),
    path("emergency", api.emergency, name="emergency"),
    path("topics", api.topics, name="topics"),
    path("hsds/services", hsds_views.service_list, name="hsds_services"),
    path("hsds/services/<str:service_id>", hsds_views.service_detail, name="hsds_service"),
]
