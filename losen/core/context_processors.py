from django.conf import settings


def losen(request):
    return {"quick_exit_url": settings.LOSEN_QUICK_EXIT_URL}
