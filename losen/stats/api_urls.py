"""The app's JSON API under /api/v1/ (problem+json errors; list paths in /api/v1/openapi.json)."""

from django.urls import path  # noqa: F401

urlpatterns = []
