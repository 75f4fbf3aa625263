from django.urls import path

from losen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("logg-inn/", views.sign_in, name="login"),
    path("logg-inn/kode/", views.totp, name="totp"),
    path("logg-inn/ny-app/", views.enrol, name="enrol"),
    path("logg-ut/", views.sign_out, name="logout"),
    path("passord/", views.password_change, name="password_change"),
    path("org/<slug:org>/medlemmer/", views.members, name="members"),
    path("org/<slug:org>/medlemmer/<int:membership_id>/fjern/", views.revoke, name="revoke"),
    path("org/<slug:org>/brukere/<int:user_id>/nullstill/", views.reset_password, name="reset_password"),
    path("org/<slug:org>/logg/", views.audit_log, name="audit"),
]
