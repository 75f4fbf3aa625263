# Sami date and number formats follow Norwegian usage.
from django.conf.locale.nb.formats import *  # noqa: F401,F403
