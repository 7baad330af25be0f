"""Responses that carry a person's files (documents, logbook photos, agreements)."""


def private(response):
    """A personal file: never sniffed as another type, never kept by a browser's or a proxy's cache."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
