"""Path converters that refuse what a URL's argument can never be, so it is a 404 before any view runs.

`<id:...>`: a primary key (instead of `int`), bounded to what the database's integer holds.

`<token:...>`: a secret from secrets.token_urlsafe (calendar feeds, evaluation links). Django's `str`
converter lets through NUL bytes and any Unicode, which PostgreSQL refuses as a query parameter (a 500).
Imported by the urls modules that use them; the import registers them once per process.
"""

from django.urls import register_converter


class TokenConverter:
    """URL-safe base64 only (A-Z, a-z, 0-9, '-' and '_'), at most the 64 characters of the token columns."""

    regex = r"[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IdConverter:
    """A primary key: ASCII digits, at most 18 of them, so it always fits a bigint (and SQLite's integer).
    Django's `int` converter takes any number of digits, and a foreign-key lookup with 40 nines overflowed."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(TokenConverter, "token")
register_converter(IdConverter, "id")
