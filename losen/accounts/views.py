"""Staff sign-in (password, then a mandatory TOTP second factor), password change, and the
service admin's member management. Help seekers never sign in."""

import base64
import io
import secrets
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
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
from losen.core.ratelimit import client_of

PENDING = "losen_pending_user"
NEXT = "losen_after_sign_in"


def _wait_message(wait):
    if wait.locked:
        return _("For mange mislykkede forsøk. Prøv igjen om %(minutes)s minutter.") % {"minutes": wait.seconds // 60 + 1}
    return _("Mange mislykkede forsøk på denne brukeren. Vent %(seconds)s sekunder og prøv igjen.") % {"seconds": wait.seconds}


def _safe_next(request):
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


@public
def sign_in(request):
    """Step 1: user name and password. Step 2 (totp or enrol) follows. The only way in, also
    for the Django admin (`admin_sign_in`)."""
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        client = client_of(request)
        wait = signin.wait_for(username, client)
        if wait:
            form.add_error(None, _wait_message(wait))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                signin.failed(username, client)
                record(None, "sign_in_failed", actor_name=username[:150])
                form.add_error(None, _("Feil brukernavn eller passord."))
            else:
                next_url = _safe_next(request)
                request.session.cycle_key()
                request.session[PENDING] = user.pk
                if next_url:
                    request.session[NEXT] = next_url
                if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                    return redirect("accounts:totp")
                return redirect("accounts:enrol")
    return render(request, "accounts/sign_in.html", {"form": form})


@public
def admin_sign_in(request):
    """The Django admin's login page is the staff sign-in: one path, one lockout. Whatever is
    posted here is ignored; the admin itself still needs a TOTP-verified staff session."""
    target = _safe_next(request) or "/admin/"
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


def _pending_user(request):
    pk = request.session.get(PENDING)
    return User.objects.filter(pk=pk, is_active=True).first() if pk else None


def _finish(request, user, device):
    signin.succeeded(user.username, client_of(request))
    del request.session[PENDING]
    next_url = request.session.pop(NEXT, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    if user.must_change_password:
        return redirect("accounts:password_change")
    return redirect(next_url or "accounts:home")


@public
def totp(request):
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = signin.wait_for(user.username, client_of(request))
        if wait:
            form.add_error(None, _wait_message(wait))
        else:
            token = form.cleaned_data["token"].strip()
            for device in TOTPDevice.objects.filter(user=user, confirmed=True):
                if device.verify_token(token):
                    return _finish(request, user, device)
            signin.failed(user.username, client_of(request))
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
        wait = signin.wait_for(user.username, client_of(request))
        if wait:
            form.add_error(None, _wait_message(wait))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record(user, "second_factor_enrolled")
            return _finish(request, user, device)
        else:
            signin.failed(user.username, client_of(request))
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


NOTICE_DAYS = 14


def reset_notices(staff_context):
    """Resets of members' accounts done by another organisation's admin, in the last two weeks,
    for the organisations where this person is service admin."""
    org_ids = staff_context.organisation_ids({roles.SERVICE_ADMIN})
    if not org_ids:
        return []
    since = timezone.now() - timedelta(days=NOTICE_DAYS)
    events = AuditEvent.objects.filter(
        organisation_id__in=org_ids, action="password_reset", at__gte=since, detail__has_key="by_organisation"
    ).select_related("organisation")[:50]
    members = {str(u.pk): u.get_username() for u in User.objects.filter(pk__in=[int(e.target_id) for e in events if e.target_id.isdigit()])}
    by_slug = dict(Organisation.objects.filter(slug__in=[e.detail.get("by_organisation") for e in events]).values_list("slug", "name"))
    return [
        {
            "at": e.at,
            "organisation": e.organisation,
            "member": members.get(e.target_id, "?"),
            "by": by_slug.get(e.detail.get("by_organisation"), e.detail.get("by_organisation")),
        }
        for e in events
    ]


@staff(*roles.ALL)
def home(request):
    context = {
        "memberships": request.staff.memberships,
        "staff_links": staff_home.links(request.staff),
        "reset_notices": reset_notices(request.staff),
    }
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
    user = get_object_or_404(User.objects.filter(memberships__organisation__slug=org).distinct(), pk=user_id)
    organisation = get_object_or_404(Organisation, slug=org)
    # The account and its second factor are shared by every organisation the member belongs
    # to: each of them records the reset in its own audit log, and its admins see a notice.
    others = list(Organisation.objects.filter(memberships__user=user).exclude(pk=organisation.pk).distinct())
    temporary = secrets.token_urlsafe(12)
    with transaction.atomic():
        user.set_password(temporary)
        user.must_change_password = True
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        signin.cleared(user)
        record(request.user, "password_reset", organisation=organisation, target=user,
               also=[o.slug for o in others])
        for other in others:
            record(request.user, "password_reset", organisation=other, target=user, by_organisation=organisation.slug)
    return render(request, "accounts/reset_done.html", {"member": user, "temporary": temporary, "organisation": organisation})


@staff(roles.SERVICE_ADMIN, org_kwarg="org")
def audit_log(request, org):
    organisation = get_object_or_404(Organisation, slug=org)
    events = AuditEvent.objects.filter(organisation=organisation).select_related("actor")[:500]
    return render(request, "accounts/audit.html", {"organisation": organisation, "events": events})
