"""The view-count beacon: the article page's script POSTs here after the page has loaded.

Keeping the count out of the page's own request lets that page be cached later.
"""

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from association.web.counters import is_bot

from .counting import record_view

MAX_ID = 2**63 - 1


@csrf_exempt  # it only bumps a counter; visitors have no session to protect
@require_POST
def article_view(request, pk):
    """Count one read of article pk; bots and unknown ids are ignored."""
    if pk > MAX_ID:
        raise Http404
    if not is_bot(request.headers.get("User-Agent")):
        record_view(pk)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
