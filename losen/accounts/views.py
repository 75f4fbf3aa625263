"""Staff sign-in (password, then a mandatory TOTP second factor), password change, and the
service admin's member management. Help seekers never sign in."""

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from losen.accounts import roles, signin
from losen.accounts.forms import AddMemberForm, NewPasswordForm, PasswordForm, TokenForm
from losen.accounts.models import Membership, Organisation, User
from losen.audit.models import AuditEvent, record
from losen.core import staff_home
from losen.core.access import public, staff

PENDING = "losen_pending_user"


@public
def sign_in(request):
    """Step 1: user name and password. Step 2 (totp or enrol) follows."""
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        wait = signin.locked_for(username)
        if wait:
            form.add_error(None, _("For mange mislykkede forsøk. Prøv igjen om %(minutes)s minutter.") % {"minutes": wait // 60 + 1})
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                signin.failed(username)
                record(None, "sign_in_failed", actor_name=username[:150])
                form.add_error(None, _("Feil brukernavn eller passord."))
            else:
                request.session.cycle_key()
                request.session[PENDING] = user.pk
                if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                    return redirect("accounts:totp")
                return redirect("accounts:enrol")
    return render(request, "accounts/sign_in.html", {"form": form})


def _pending_user(request):
    pk = request.session.get(PENDING)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _finish(request, user, device):
    signin.succeeded(user.username)
    del request.session[PENDING]
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    return redirect("accounts:password_change" if user.must_change_password else "accounts:home")


@public
def totp(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signin.locked_for(user.username):
            form.add_error(None, _("For mange mislykkede forsøk. Prøv igjen senere."))
        else:
            token = form.cleaned_data["token"].strip()
            for device in TOTPDevice.objects.filter(user=user, confirmed=True):
                if device.verify_token(token):
                    return _finish(request, user, device)
            signin.failed(user.username)
            record(user, "second_factor_failed")
            form.add_error("token", _("Koden stemmer ikke. Sjekk klokka på telefonen og prøv en ny kode."))
    return render(request, "accounts/totp.html", {"form": form})


@public
def enrol(request):
    """First sign-in: set up the authenticator app. Nobody gets in without a second factor."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:totp")
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": "app"})
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record(user, "second_factor_enrolled")
            return _finish(request, user, device)
        signin.failed(user.username)
        form.add_error("token", _("Koden stemmer ikke. Sjekk klokka på telefonen og prøv en ny kode."))
    svg = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
    context = {
        "form": form,
        "qr_svg": svg.getvalue().decode(),
        "secret": base64.b32encode(device.bin_key).decode().rstrip("="),
    }
    return render(request, "accounts/enrol.html", context)


@public
@require_POST
def sign_out(request):
    logout(request)
    return redirect("accounts:login")


@staff(*roles.ALL)
def home(request):
    context = {"memberships": request.staff.memberships, "staff_links": staff_home.links(request.staff)}
    return render(request, "accounts/home.html", context)


@staff(*roles.ALL)
def password_change(request):
    """The one page a person with a temporary password may see."""
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["new_password"])
        request.user.must_change_password = False
        request.user.save()
        update_session_auth_hash(request, request.user)
        record(request.user, "password_changed")
        messages.success(request, _("Passordet er endret."))
        return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form})


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
def members(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", _("Det finnes ingen bruker med dette navnet."))
        else:
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=organisation, role=form.cleaned_data["role"]
            )
            if created:
                record(request.user, "role_granted", organisation=organisation, target=user, role=membership.role)
            return redirect("accounts:members", org=org)
    rows = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username", "role")
    )
    return render(request, "accounts/members.html", {"organisation": organisation, "rows": rows, "form": form})


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
@require_POST
def revoke(request, org, membership_id):
    membership = get_object_or_404(Membership, pk=membership_id, organisation__slug=org)
    record(request.user, "role_revoked", organisation=membership.organisation, target=membership.user, role=membership.role)
    membership.delete()
    return redirect("accounts:members", org=org)


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
@require_POST
def reset_password(request, org, user_id):
    """A service admin resets a member's password and second factor: the member gets a
    temporary password shown once, must set a new one and enrol the app again."""
    user = get_object_or_404(User, pk=user_id, memberships__organisation__slug=org)
    organisation = get_object_or_404(Organisation, slug=org)
    temporary = secrets.token_urlsafe(12)
    with transaction.atomic():
        user.set_password(temporary)
        user.must_change_password = True
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        signin.succeeded(user.username)
        record(request.user, "password_reset", organisation=organisation, target=user)
    return render(request, "accounts/reset_done.html", {"member": user, "temporary": temporary, "organisation": organisation})


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
def audit_log(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")[:500]
    return render(request, "accounts/audit.html", {"organisation": organisation, "events": events})
