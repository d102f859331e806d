"""The framework's floor: a minimal Django app that renders one saved page from a string.

No database, no middleware, one URL. bench/load.py runs it under gunicorn with the same
worker settings as the site, so the site's figures can be read as a share of what Django
itself can do on this machine.
"""

import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-not-secret",  # noqa: S106
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)

import django  # noqa: E402

django.setup()

from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import re_path  # noqa: E402

SAVED = Path(os.environ["FLOOR_HTML"]).read_text(encoding="utf-8")
PAGE = engines["django"].from_string("{% verbatim %}" + SAVED + "{% endverbatim %}")


def page(request):
    return HttpResponse(PAGE.render({}))


urlpatterns = [re_path(r"^", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
