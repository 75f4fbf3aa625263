"""Who may use a view. Default-deny: every view in `losen.urls` carries one of these.

- `public`: help seekers and anyone else; the view must not identify anyone.
- `staff(*roles, org_kwarg=None)`: a signed-in staff member whose second factor is verified
  and who holds one of `roles` (in the organisation named by the URL kwarg `org_kwarg`, when
  given). Platform roles (platform admin, national statistics) are roles without an
  organisation.

A test walks every URL pattern and fails if a view carries no declaration.
"""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden


@dataclass(frozen=True)
class Access:
    public: bool
    roles: frozenset = frozenset()
    org_kwarg: str | None = None

    def describe(self) -> str:
        if self.public:
            return "public"
        scope = f" in the organisation of <{self.org_kwarg}>" if self.org_kwarg else ""
        return "staff: " + ", ".join(sorted(self.roles)) + scope


def _mark(view, access):
    view.losen_access = access
    return view


def public(view):
    return _mark(view, Access(public=True))


class NotSignedIn(Exception):
    """Raised for API requests without a verified staff session (answered with 401)."""


def staff(*roles, org_kwarg=None):
    if not roles:
        raise ValueError("staff() needs at least one role: default-deny")
    access = Access(public=False, roles=frozenset(roles), org_kwarg=org_kwarg)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            is_api = request.path.startswith("/api/")
            user = request.user
            if not user.is_authenticated or not user.is_verified():
                if is_api:
                    raise NotSignedIn()
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            ctx = request.staff
            org = kwargs.get(org_kwarg) if org_kwarg else None
            if not ctx.has_any(access.roles, org_slug=org):
                if is_api:
                    raise PermissionDenied("Your role does not give access to this.")
                return HttpResponseForbidden(_forbidden_page(request))
            return view(request, *args, **kwargs)

        return _mark(wrapper, access)

    return decorator


def _forbidden_page(request):
    from django.template.loader import render_to_string

    return render_to_string("core/403.html", request=request)

