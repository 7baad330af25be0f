"""A cached template loader that resolves constant translations and URLs once per language.

A page spends much of its rendering time on `{% translate "…" %}` and `{% url 'name' %}` tags whose
output depends on nothing but the active language, the URLconf and the script prefix (about 11 µs and
40 µs each, dozens per page). This loader caches one compiled template per (name, language, URLconf,
script prefix) and, when it compiles one, replaces every such tag with its text, and joins the text
around it into one node. A tag that reads the context (a variable, a filter, `as var`, a URL whose
reversal fails or whose namespace has several instances) is left as it was, and so is everything inside
`{% language %}`.

Use it in place of Django's cached loader (TEMPLATES' "loaders"); templates and `makemessages` do not
change.
"""

from django.conf import settings
from django.template import Context
from django.template.base import NodeList, TextNode, Variable
from django.template.defaulttags import IfNode, URLNode
from django.template.loaders import cached
from django.template.loaders.base import Loader as BaseLoader
from django.templatetags.i18n import LanguageNode, TranslateNode
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf
from django.utils import translation


class LocalisedText(TextNode):
    """Text fixed for one language: its HTML-escaped form, and the raw form for `{% autoescape off %}`.
    A TextNode, as what Django checks for text (only text may come before `{% extends %}`) sees it."""

    def __init__(self, escaped: str, raw: str):
        super().__init__(escaped)
        self.escaped = escaped
        self.raw = raw

    def __repr__(self):
        return f"<LocalisedText: {self.escaped[:25]!r}>"

    def render(self, context):
        return self.escaped if context.autoescape else self.raw

    render_annotated = render  # nothing in it can raise


def _constant(expression) -> bool:
    """A filter expression whose value the context cannot change: a literal, without filters."""
    if expression is None:
        return True
    if expression.filters:
        return False
    return not expression.is_var or (isinstance(expression.var, Variable) and expression.var.lookups is None)


def _single_instance_namespaces(view_name) -> bool:
    """`current_app` (which the tag takes from the request) picks between instances of an application
    namespace; with one instance of each namespace in the name, the URL does not depend on it."""
    if not isinstance(view_name, str):
        return False
    app_dict = get_resolver(get_urlconf()).app_dict
    return all(len(app_dict.get(namespace, ())) <= 1 for namespace in view_name.split(":")[:-1])


def _fixed_text(node):
    """(escaped, raw) for a tag whose output is fixed for the active language and URLconf, else None."""
    if isinstance(node, TranslateNode):
        if node.asvar or not _constant(node.filter_expression) or not _constant(node.message_context):
            return None
    elif isinstance(node, URLNode):
        if node.asvar or not all(map(_constant, [node.view_name, *node.args, *node.kwargs.values()])):
            return None
        if not _single_instance_namespaces(node.view_name.resolve(Context())):
            return None
    elif isinstance(node, LocalisedText):
        return node.escaped, node.raw
    elif isinstance(node, TextNode):
        return node.s, node.s
    else:
        return None
    try:
        return node.render(Context(autoescape=True)), node.render(Context(autoescape=False))
    except NoReverseMatch:
        return None  # it raises when rendered, as it would have without this loader


def _localise(nodelist: NodeList) -> NodeList:
    """A copy of `nodelist` with fixed tags as text and runs of text joined; nested node lists alike."""
    result = NodeList()
    run = []
    for node in nodelist:
        fixed = _fixed_text(node)
        if fixed is not None:
            run.append(fixed)
            continue
        if run:
            result.append(_joined(run))
            run = []
        _localise_children(node)
        result.append(node)
    if run:
        result.append(_joined(run))
    result.contains_nontext = nodelist.contains_nontext
    return result


def _joined(run):
    escaped = "".join(pair[0] for pair in run)
    raw = "".join(pair[1] for pair in run)
    return TextNode(escaped) if escaped == raw else LocalisedText(escaped, raw)


def _localise_children(node):
    if isinstance(node, LanguageNode):  # {% language %} renders its content in another language
        return
    if isinstance(node, IfNode):  # its `nodelist` is a property joining the branches
        node.conditions_nodelists = [
            (condition, _localise(nodelist)) for condition, nodelist in node.conditions_nodelists
        ]
        return
    for attr in node.child_nodelists:
        nodelist = getattr(node, attr, None)
        if isinstance(nodelist, NodeList):
            setattr(node, attr, _localise(nodelist))


class _Localising(BaseLoader):
    """Sits between the cached loader and the base loader: localises a template once, when compiled."""

    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        template.nodelist = _localise(template.nodelist)
        return template


class Loader(cached.Loader, _Localising):
    def cache_key(self, template_name, skip=None):
        key = super().cache_key(template_name, skip)
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        return f"{key}|{translation.get_language()}|{urlconf}|{get_script_prefix()}"
