"""A refusal or warning says where it is put right: the page that fixes it, as a link beside the text.

Views collect the links (label, url) for the codes of a ValidationError; pages show them under a form's
errors (templates/core/_fixes.html) or inside a flash message (message_with_links, kept safe through the
message storage, which remembers that a text is marked safe).
"""

from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def error_codes(exc: ValidationError) -> set[str]:
    """The codes of every error the ValidationError holds (a dict of them, a list or one)."""
    return (
        {error.code for error in exc.error_list if error.code}
        if hasattr(exc, "error_list")
        else {error.code for errors in exc.error_dict.values() for error in errors if error.code}
    )


def message_with_links(text: str, links: list[tuple[str, str]]) -> SafeString:
    """The text (escaped) followed by the links (label, url), for messages.error/warning."""
    if not links:
        return format_html("{}", text)
    anchors = format_html_join(" · ", '<a class="alert-link" href="{}">{}</a>', ((url, label) for label, url in links))
    return format_html("{} {}", text, anchors)
