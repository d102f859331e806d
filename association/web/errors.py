"""The server-error page: 503 while the database is unreachable (restarting, failing over), 500
for anything else. Both are rendered without a request context and without the database."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = "10"


def server_error(request):
    """Django's handler500: called inside the except block, so the exception is at hand."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        # The connection is closed at the request's end (it had errors): the next request
        # connects afresh, so the site comes back by itself when the database does.
        log.warning("database unavailable: %s %s", request.method, request.path)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
    else:
        response = HttpResponse(loader.get_template("500.html").render(), status=500)
    response["Cache-Control"] = "no-store"
    return response
