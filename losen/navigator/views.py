from django.shortcuts import render

from losen.core.access import public


@public
def home(request):
    return render(request, "navigator/home.html", {})


@public
def sami(request):
    return render(request, "navigator/home.html", {})
