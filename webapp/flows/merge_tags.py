"""Merge tags in flow messages: checked against an allow-list, then rendered in Jinja's sandbox.

A message may only print variables: {{first_name}}, {{last_name}}, a custom field by name,
{{page.title}} and {{action.<field>}}. Anything else (filters, calls, loops, attribute walks such
as {{ ''.__class__ }}) is refused before rendering, and the sandbox with StrictUndefined refuses it
again at render time, so a template can never reach outside its variables or print a silent blank.
"""
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

MEMBER_TAGS = ("first_name", "last_name")
OBJECT_TAGS = {"page": ("title",), "action": None}  # None: any attribute (an actionfield's name)
MAX_RENDERED = 1600  # ten SMS segments; longer is a mistake, not a message


class TemplateRefused(ValueError):
    """A template that uses something other than the allowed merge tags, or fails to render."""


def _environment():
    """A fresh sandbox: undefined names raise, nothing is HTML-escaped (this is SMS text)."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def allowed_tags(custom_names):
    """Every tag a message may use, for the editor's help text."""
    return [*MEMBER_TAGS, *custom_names, "page.title", "action.<field>"]


def template_errors(text, custom_names=()):
    """Why this message can't be saved (a list of sentences), empty when every tag is allowed."""
    try:
        tree = _environment().parse(text)
    except TemplateSyntaxError as exc:
        return [f"The merge tags can't be read (line {exc.lineno}: {exc.message}). Write tags like {{{{first_name}}}}."]
    names = set(MEMBER_TAGS) | set(custom_names)
    errors = []
    for node in _printed_nodes(tree):
        problem = _node_problem(node, names)
        if problem and problem not in errors:
            errors.append(problem)
    return errors


def _printed_nodes(tree):
    """What the template prints; a statement ({% ... %}) is yielded as itself and refused."""
    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            yield from statement.nodes
        else:
            yield statement


def _node_problem(node, names):
    """What is wrong with one printed piece of the template, or None."""
    if isinstance(node, nodes.TemplateData):
        return None
    if isinstance(node, nodes.Getattr):
        return _attribute_problem(node)
    if not isinstance(node, nodes.Name):
        return "Only merge tags like {{first_name}} are allowed: no filters, calls, loops or conditions."
    if node.name in OBJECT_TAGS:
        return f"Write {{{{{node.name}.<field>}}}}, not {{{{{node.name}}}}}." if node.name == "action" \
            else "Write {{page.title}}, not {{page}}."
    if node.name not in names:
        others = sorted(names - set(MEMBER_TAGS))
        return f"Unknown merge tag {{{{{node.name}}}}}. Use one of: {', '.join(allowed_tags(others))}."
    return None


def _attribute_problem(node):
    """Only page.title and action.<field> may be read; nothing deeper, nothing private."""
    if not isinstance(node.node, nodes.Name) or node.node.name not in OBJECT_TAGS:
        return "Only {{page.title}} and {{action.<field>}} may use a dot."
    allowed = OBJECT_TAGS[node.node.name]
    if node.attr.startswith("_") or (allowed is not None and node.attr not in allowed):
        return f"Unknown merge tag {{{{{node.node.name}.{node.attr}}}}}."
    return None


def render_message(text, context, custom_names=()):
    """The message for one member, or TemplateRefused (never a partial or blank-filled text)."""
    errors = template_errors(text, custom_names)
    if errors:
        raise TemplateRefused(errors[0])
    try:
        rendered = _environment().from_string(text).render(context)
    except (SecurityError, UndefinedError) as exc:
        raise TemplateRefused(f"The message could not be filled in: {exc}.") from exc
    if len(rendered) > MAX_RENDERED:
        raise TemplateRefused(f"The filled-in message is longer than {MAX_RENDERED} characters.")
    return rendered


class ActionFields:
    """{{action.<field>}}: an actionfield's value, blank when this action didn't fill it in."""

    def __init__(self, fields):
        """Keep plain text values only (lists, as ActionKit sends repeated fields, are joined)."""
        self._values = {str(key): _as_text(value) for key, value in (fields or {}).items()}

    def __getattr__(self, name):
        """Reached only for names that are not real attributes; private names are refused by the sandbox."""
        if name.startswith("_"):
            raise AttributeError(name)
        return self._values.get(name, "")


class PageFields:
    """{{page.title}}: the ActionKit page the action was taken on."""

    def __init__(self, title):
        """Only the title is exposed."""
        self.title = title or ""


def _as_text(value):
    """An actionfield value as message text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def message_context(first_name, last_name, custom_values, page_title="", action_fields=None):
    """The variables a message renders with; a member's blank name prints as nothing."""
    context = {name: value or "" for name, value in custom_values.items()}
    context.update(first_name=first_name or "", last_name=last_name or "",
                   page=PageFields(page_title), action=ActionFields(action_fields))
    return context
