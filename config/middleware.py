from zeal import zeal_context


def api_read_n_plus_one_detection(get_response):
    """django-zeal on API reads (switched on by the test command): a list or
    detail that loads related rows one by one fails the request. Writes look up
    each referenced row by id by design, and admin forms do the same."""

    def middleware(request):
        if request.method == "GET" and request.path.startswith("/api/"):
            with zeal_context():
                return get_response(request)
        return get_response(request)

    return middleware
