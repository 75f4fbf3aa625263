from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from losen.accounts.staff import StaffContext


class StaffMiddleware:
    """Attach `request.staff`; send staff who must change their password to that form first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.staff = SimpleLazyObject(lambda: StaffContext(request.user))
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and user.is_verified()
            and request.path.startswith("/staff/")
            and request.path not in (reverse("accounts:password_change"), reverse("accounts:logout"))
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
