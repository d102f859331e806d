from django.http import HttpResponseBadRequest, HttpResponseNotFound


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
        query = request.GET.lists()
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in query):
            return HttpResponseBadRequest(
                "请求中含有无效字符(NUL),请检查后重试。".encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
