from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.utils.functional import SimpleLazyObject, empty


class RejectNulMiddleware:
    """Answer requests carrying NUL characters before they reach the database.

    PostgreSQL refuses NUL in text, so an address like /section/%00/ would otherwise be a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return HttpResponseNotFound(
                "页面不存在。".encode(), content_type="text/plain; charset=utf-8"
            )
        # Only a query string that has one (as %00 or raw) is parsed here.
        raw = request.META.get("QUERY_STRING", "")
        query = request.GET.lists() if "%00" in raw or "\x00" in raw else ()
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in query):
            return HttpResponseBadRequest(
                "请求中含有无效字符(NUL),请检查后重试。".encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, but the message store is made only when a view or template uses it.

    Public pages never show or add messages, so they skip making the store (a cookie signer and
    a session store) on every request.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # nothing was read or added: nothing to store
        return super().process_response(request, response)
