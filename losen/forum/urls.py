from django.urls import path

from losen.forum import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine-innlegg/", views.mine, name="mine"),
    path("trad/<int:pk>/", views.thread_detail, name="thread"),
    path("innlegg/<int:pk>/meld-fra/", views.report, name="report"),
    path("moderering/<slug:slug>/", views.moderation, name="moderation"),
    path("moderering/<slug:slug>/innlegg/<int:pk>/", views.moderate, name="moderate"),
    path("moderering/<slug:slug>/trad/<int:pk>/", views.thread_action, name="thread_action"),
    path("moderering/<slug:slug>/innstillinger/", views.forum_settings, name="settings"),
    path("<slug:slug>/", views.forum_detail, name="forum"),
    path("<slug:slug>/<slug:section>/", views.section_detail, name="section"),
]
