"""Forms made from the JSON Schema scrdocs publishes (``scrdocs schema review|document|organisation``).

Takes a schema, the plain data of one file and what the workspace holds (its reviews and
documents, for the pickers); produces the HTML of a form whose every control has a label:
text areas for free text with the inline markup explained beside them, lists whose entries
can be added, removed and moved, enumerations as selects, partial dates as a text field that
takes YYYY, YYYY-MM or YYYY-MM-DD, review references as a picker of the workspace's reviews,
and a text given in several languages (``{cy: …, en: …}``) as a text area a language, each
labelled with its language's own name and carrying its ``lang``, in the order of the
profile's ``languages``.

Each field carries ``data-kind`` (how the page's script reads it back) and, inside a group,
``data-key`` (its field name); list entries are read in the order they stand. A value the
form has no control for (text where a list belongs, a shape the schema does not describe) is
shown as YAML in a text area of its own, so nothing in the file is lost by opening it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..bilingual import is_language_map
from ..schema import TEXT_IN_LANGUAGES, URL_IN_LANGUAGES, is_map_of_languages
from .roundtrip import dump, fresh

MARKUP_HELP = ("You can write *emphasis*, **strong** and [a link](https://…); "
               "a blank line starts a new paragraph.")
DATE_HELP = "A year (2025), a month (2025-03) or a day (2025-03-12)."

PROSE = {"summary", "report", "minutes", "body", "intro", "outro", "response", "point",
         "closing", "purpose", "methodology", "publication_note", "text", "discussion_intro",
         "headline", "interest", "address", "note"}
"""Fields of free text that get a text area."""

PROSE_LISTS = {"learning_points", "findings", "questions", "recommendations", "resolutions",
               "bullets", "emphasis", "details", "references"}
"""Lists whose entries are free text."""

LABELS = {"id": "ID", "url": "Web address (URL)", "review": "Review", "reviews": "Reviews",
          "as_of": "As of", "alt": "Alternative text", "kind": "Kind"}
SINGULAR = {"learning_points": "Learning point", "findings": "Finding",
            "questions": "Question", "recommendations": "Recommendation",
            "resolutions": "Resolution", "bullets": "Bullet", "emphasis": "Emphasised bullet",
            "details": "Detail", "references": "Reference", "actions": "Action",
            "links": "Link", "themes": "Theme", "fast_facts": "Fast fact",
            "more_information": "Link", "supporting_documents": "Supporting document",
            "items": "Item", "sections": "Section", "introduction": "Section",
            "discussion": "Point", "present": "Member present", "apologies": "Apology",
            "in_attendance": "Person in attendance", "declarations": "Declaration",
            "reviews": "Review", "blocks": "Block", "names": "Name", "identifiers":
            "Identifier"}


@dataclass
class Context:
    """What a form needs besides the schema: the workspace's reviews and documents."""

    defs: dict[str, Any]
    reviews: dict[str, str] = field(default_factory=dict)
    """Review ids, each with the name it is published under."""
    documents: dict[str, str] = field(default_factory=dict)
    """Document names, each with its kind."""
    languages: list[str] = field(default_factory=list)
    """The languages the workspace publishes in, the first first, when it lists several."""


def esc(value: Any) -> str:
    """Return ``value`` escaped for HTML text or an attribute value."""
    return str(escape("" if value is None else value))


def label_of(key: str) -> str:
    """Return the label a field is shown with: ``learning_points`` → "Learning points"."""
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def item_label(key: str) -> str:
    """Return what one entry of the list ``key`` is called: "Learning point"."""
    if key in SINGULAR:
        return SINGULAR[key]
    label = label_of(key)
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label + " entry"


def document_schema(schema: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """Return the part of the document schema for documents of ``kind``, or ``None``."""
    for definition in schema.get("$defs", {}).values():
        kind_field = definition.get("properties", {}).get("kind", {})
        if kind_field.get("const") == kind:
            return definition
    return None


def render_form(schema: dict[str, Any], data: dict[str, Any], context: Context) -> Markup:
    """Return the HTML of the form for ``data``, a file's plain data, under ``schema``."""
    body = _object_fields(schema, data, context, ("f",))
    return Markup(f'<div class="form-root" data-kind="object" id="form-root">{body}</div>')


# --- choosing a control -----------------------------------------------------------------

def _resolve(schema: dict[str, Any], context: Context, depth: int = 0) -> dict[str, Any]:
    reference = schema.get("$ref")
    if not reference:
        return schema
    name = reference.rsplit("/", 1)[-1]
    target = context.defs.get(name)
    if target is None or depth > 20:
        return {"x-unknown": reference}
    merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return _resolve(merged, context, depth + 1)


def _alternatives(schema: dict[str, Any], context: Context) -> tuple[list[dict[str, Any]], bool]:
    schema = _resolve(schema, context)
    if "anyOf" not in schema:
        return [schema], False
    options = [_resolve(option, context) for option in schema["anyOf"]]
    optional = any(option.get("type") == "null" for option in options)
    described = {k: v for k, v in schema.items() if k in ("description", "default", "title")}
    return [{**o, **described} for o in options if o.get("type") != "null"], optional


def _kind_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if is_map_of_languages(schema):
        return "languages"
    if "const" in schema:
        return "const"
    if "enum" in schema:
        return "select"
    if kind == "object" or "properties" in schema:
        return "object"
    if kind == "array":
        return "list"
    if kind == "boolean":
        return "bool"
    if kind == "integer":
        return "integer"
    if isinstance(kind, list) and "pattern" in schema:
        return "date"
    if kind == "string":
        return "text"
    return "yaml"


def _fits(kind: str, value: Any) -> bool:
    if value is None:
        return True
    if kind in ("text", "review", "document", "select", "const"):
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if kind in ("date", "intstr", "integer"):
        return isinstance(value, (str, int)) and not isinstance(value, bool)
    if kind == "datebool":
        return isinstance(value, (str, int, bool))
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    return True


def choose(key: str | None, schema: dict[str, Any], value: Any,
           context: Context) -> tuple[str, dict[str, Any], bool]:
    """Return the control for a field: its kind, the schema it follows and whether it may
    be left empty. A text given in several languages gets a box a language; any other
    value the controls it would have without them."""
    options, optional = _alternatives(schema, context)
    in_languages = [option for option in options if _kind_of(option) == "languages"]
    if in_languages and is_text_in_languages(value, context.languages):
        return "languages", in_languages[0], optional
    options = [option for option in options if option not in in_languages]
    kinds = [_kind_of(option) for option in options]
    if not options:
        return "yaml", schema, optional
    chosen = options[0]
    if sorted(kinds) == ["integer", "text"]:
        kind = "intstr"
    elif "date" in kinds and "bool" in kinds:
        kind, chosen = "datebool", options[kinds.index("date")]
    elif len(options) > 1:
        matching = [(k, o) for k, o in zip(kinds, options) if _fits(k, value)]
        kind, chosen = matching[0] if matching else (kinds[0], options[0])
    else:
        kind = kinds[0]
    if kind == "text" and key == "review":
        kind = "review"
    elif kind == "text" and "minutes document" in str(chosen.get("description", "")):
        kind = "document"
    if not _fits(kind, value):
        kind = "yaml"
    return kind, chosen, optional


def is_text_in_languages(value: Any, languages: list[str]) -> bool:
    """Return whether ``value`` is a text given in several languages, as the loader reads
    one (:func:`scrdocs.bilingual.is_language_map`), each language's text a string."""
    return is_language_map(value, languages) and all(
        isinstance(text, str) for text in value.values())


_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
"""A key that may be part of its box's id as it is (a language code); another gets a number."""


def language_label(tag: str) -> str:
    """Return what a language's box is labelled: the language's name in itself
    ('Cymraeg' for cy, 'English' for en), or its code when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(tag.replace("-", "_"))
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        return tag
    return f"{name[:1].upper()}{name[1:]}" if name else tag


# --- HTML -------------------------------------------------------------------------------

def _id(path: tuple[str, ...]) -> str:
    return "-".join(path)


def _object_fields(schema: dict[str, Any], data: Any, context: Context,
                   path: tuple[str, ...]) -> str:
    schema = _resolve(schema, context)
    values = data if isinstance(data, dict) else {}
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    parts = [_field(key, spec, values.get(key), context, (*path, key), key in required)
             for key, spec in properties.items()]
    unknown = [key for key in values if key not in properties]
    if unknown and properties:
        names = ", ".join(f"<code>{esc(k)}</code>" for k in unknown)
        parts.append(f'<p class="unknown">The file also has {names}, which this form does '
                     "not know: see the problems listed above, and correct it in the text "
                     "view.</p>")
    return "".join(parts)


def _field(key: str | None, schema: dict[str, Any], value: Any, context: Context,
           path: tuple[str, ...], required: bool = False, item_of: str | None = None,
           number: int = 0) -> str:
    kind, chosen, _ = choose(key, schema, value, context)
    if item_of is not None:
        label = f"{item_label(item_of)} {number}"
    else:
        label = label_of(key or "")
    description = chosen.get("description") or schema.get("description") or ""
    if description in (TEXT_IN_LANGUAGES, URL_IN_LANGUAGES):
        description = ""
    spec = _Spec(key, kind, chosen, value, label, description, required, path, item_of)
    if kind == "languages":
        return _languages(spec, context)
    if kind == "object":
        return _group(spec, context)
    if kind == "list":
        return _list(spec, context)
    return _scalar(spec, context)


@dataclass
class _Spec:
    key: str | None
    kind: str
    schema: dict[str, Any]
    value: Any
    label: str
    description: str
    required: bool
    path: tuple[str, ...]
    item_of: str | None

    @property
    def id(self) -> str:
        return _id(self.path)

    @property
    def key_attribute(self) -> str:
        return f' data-key="{esc(self.key)}"' if self.item_of is None and self.key else ""


def _label_text(spec: _Spec) -> str:
    required = ' <span class="required">(required)</span>' if spec.required else ""
    return f"{esc(spec.label)}{required}"


def _error(spec: _Spec) -> str:
    return f'<p class="field-error" id="{spec.id}-error" hidden></p>'


def _hint(spec: _Spec, extra: str = "") -> tuple[str, list[str]]:
    text = " ".join(part for part in (spec.description.split("\n\n")[0].strip(), extra) if part)
    if not text or spec.item_of is not None and not extra:
        return "", []
    return f'<p class="hint" id="{spec.id}-hint">{esc(text)}</p>', [f"{spec.id}-hint"]


def _group(spec: _Spec, context: Context) -> str:
    inner = _object_fields(spec.schema, spec.value, context, spec.path)
    hint, _ = _hint(spec) if spec.item_of is None else ("", [])
    open_ = " open" if spec.value or spec.required or spec.item_of else ""
    body = (f'<fieldset class="field group" data-kind="object"{spec.key_attribute} '
            f'id="{spec.id}">'
            f'<legend>{_label_text(spec)}</legend>{hint}{_error(spec)}{inner}</fieldset>')
    if spec.item_of is not None:
        return body
    return (f'<details class="group-box"{open_}><summary>{_label_text(spec)}'
            f'{"" if spec.value else " <span class=empty>(empty)</span>"}</summary>'
            f"{body}</details>")


def _list(spec: _Spec, context: Context) -> str:
    items = spec.value if isinstance(spec.value, list) else []
    item_schema = spec.schema.get("items", {})
    list_key = spec.key or (spec.item_of or "items")
    entries = "".join(_entry(list_key, item_schema, item, context, (*spec.path, str(i)), i + 1)
                      for i, item in enumerate(items))
    template = _entry(list_key, item_schema, None, context, (*spec.path, "new"), 0)
    hint, _ = _hint(spec, MARKUP_HELP if list_key in PROSE_LISTS else "")
    singular = item_label(list_key)
    return (f'<fieldset class="field list" data-kind="list"{spec.key_attribute} '
            f'id="{spec.id}" data-item-label="{esc(singular)}">'
            f"<legend>{_label_text(spec)}</legend>{hint}{_error(spec)}"
            f'<ol class="items">{entries}</ol>'
            f"<template>{template}</template>"
            f'<button type="button" class="add" data-action="add">Add '
            f"{esc(singular.lower())}</button></fieldset>")


def _entry(list_key: str, schema: dict[str, Any], value: Any, context: Context,
           path: tuple[str, ...], number: int) -> str:
    inner = _field(list_key, schema, value, context, path, item_of=list_key, number=number)
    name = f"{item_label(list_key)} {number}"
    return (f'<li class="item">{inner}<div class="item-tools" role="group" '
            f'aria-label="{esc(name)}">'
            f'<button type="button" data-action="up" aria-label="Move up: {esc(name)}">'
            "Move up</button>"
            f'<button type="button" data-action="down" aria-label="Move down: {esc(name)}">'
            "Move down</button>"
            f'<button type="button" data-action="remove" aria-label="Remove: {esc(name)}">'
            "Remove</button></div></li>")


def _languages(spec: _Spec, context: Context) -> str:
    """Return a text given in several languages: a group named by the field's label, with
    a text area a language (the profile's first first, then any other the file gives)."""
    texts = spec.value if isinstance(spec.value, dict) else {}
    order = [*context.languages, *(tag for tag in texts if tag not in context.languages)]
    prose = (spec.key in PROSE and spec.item_of is None) or spec.item_of in PROSE_LISTS \
        or any("\n" in text or len(text) > 120 for text in texts.values())
    own_markup = prose and spec.item_of not in PROSE_LISTS
    hint, described = _hint(spec)
    if own_markup:
        described.append(f"{spec.id}-markup")
    described.append(f"{spec.id}-error")
    address = spec.key in ("url", "website")
    boxes = []
    for number, tag in enumerate(order):
        text = texts.get(tag) or ""
        rows = max(2 if prose else 1, min(14, text.count("\n") + len(text) // 90 + 1 + prose))
        box = f"{spec.id}-{tag}" if _SAFE_ID.fullmatch(tag) else f"{spec.id}-key{number}"
        checks = ' spellcheck="false"' if address else ""
        boxes.append(
            f'<div class="language"><label for="{esc(box)}" lang="{esc(tag)}">'
            f"{esc(language_label(tag))}</label>"
            f'<textarea id="{esc(box)}" lang="{esc(tag)}" data-language="{esc(tag)}" '
            f'aria-describedby="{" ".join(described)}" rows="{rows}"{checks}>\n'
            f"{esc(text)}</textarea></div>")
    markup = (f'<p class="markup-hint" id="{spec.id}-markup">{esc(MARKUP_HELP)}</p>'
              if own_markup else "")
    return (f'<fieldset class="field languages" data-kind="languages"{spec.key_attribute} '
            f'id="{spec.id}"><legend>{_label_text(spec)}</legend>{hint}'
            f'<div class="language-boxes">{"".join(boxes)}</div>{markup}{_error(spec)}'
            "</fieldset>")


def _scalar(spec: _Spec, context: Context) -> str:
    control, extra = _control(spec, context)
    hint, described = _hint(spec, extra)
    own_markup = spec.kind == "text" and _is_prose(spec) and spec.item_of not in PROSE_LISTS
    if own_markup:
        described.append(f"{spec.id}-markup")
    described.append(f"{spec.id}-error")
    control = control.replace("%DESCRIBED%", " ".join(described))
    markup = (f'<p class="markup-hint" id="{spec.id}-markup">{esc(MARKUP_HELP)}</p>'
              if own_markup else "")
    if spec.kind == "bool":
        default = "true" if spec.schema.get("default") is True else "false"
        present = "true" if spec.value is not None else "false"
        return (f'<div class="field check" data-kind="bool"{spec.key_attribute} '
                f'data-default="{default}" data-present="{present}">{control}'
                f'<label for="{spec.id}">{_label_text(spec)}</label>{hint}{_error(spec)}</div>')
    if spec.kind == "const":
        return (f'<div class="field const" data-kind="const"{spec.key_attribute} '
                f'data-value="{esc(spec.value if spec.value is not None else spec.schema["const"])}">'
                f'<p><span class="const-label">{esc(spec.label)}:</span> '
                f"{esc(spec.value or spec.schema['const'])}</p></div>")
    return (f'<div class="field" data-kind="{_data_kind(spec)}"{spec.key_attribute}>'
            f'<label for="{spec.id}">{_label_text(spec)}</label>{hint}{control}{markup}'
            f"{_error(spec)}</div>")


def _data_kind(spec: _Spec) -> str:
    if spec.kind in ("review", "document", "select"):
        return "select"
    return spec.kind


def _is_prose(spec: _Spec) -> bool:
    value = spec.value if isinstance(spec.value, str) else ""
    return (spec.key in PROSE and spec.item_of is None) or spec.item_of in PROSE_LISTS \
        or "\n" in value or len(value) > 120


def _control(spec: _Spec, context: Context) -> tuple[str, str]:
    """Return the control's HTML (with ``%DESCRIBED%`` where its description ids go) and
    any words to add to its hint."""
    common = f'id="{spec.id}" aria-describedby="%DESCRIBED%"'
    value = spec.value
    if spec.kind == "text" and _is_prose(spec):
        text = "" if value is None else str(value)
        rows = max(2, min(14, text.count("\n") + len(text) // 90 + 2))
        return f'<textarea {common} rows="{rows}">\n{esc(text)}</textarea>', ""
    if spec.kind == "yaml":
        text = "" if value is None else dump(fresh(value), "").rstrip("\n")
        rows = max(3, min(16, text.count("\n") + 2))
        control = (f'<textarea {common} class="yaml" rows="{rows}" spellcheck="false">\n'
                   f"{esc(text)}</textarea>")
        return control, ("Written as YAML: this part of the file has a shape the form has "
                         "no fields for.")
    if spec.kind == "select":
        return _select(common, spec, [(str(v), str(v)) for v in spec.schema.get("enum", [])],
                       unknown="not one of the choices")
    if spec.kind == "review":
        options = [(rid, f"{rid} — {name}" if name else rid)
                   for rid, name in context.reviews.items()]
        return _select(common, spec, options, "A review of this workspace.")
    if spec.kind == "document":
        options = [(name, name) for name, kind in context.documents.items()
                   if kind in ("minutes", "")]
        return _select(common, spec, options, "A minutes document of this workspace.")
    if spec.kind == "bool":
        checked = " checked" if value is True or (value is None and
                                                  spec.schema.get("default") is True) else ""
        return f'<input type="checkbox" {common}{checked}>', ""
    shown = "" if value is None else ("true" if value is True else
                                      "false" if value is False else str(value))
    attributes = ' autocomplete="off"'
    extra = ""
    if spec.kind in ("date", "datebool"):
        attributes += ' placeholder="YYYY-MM-DD" spellcheck="false"'
        extra = "" if "YYYY" in spec.description else DATE_HELP
        if spec.kind == "datebool" and "true" not in spec.description:
            extra = (extra + " Write true if it is published but the date is not known.").strip()
    elif spec.kind in ("integer", "intstr"):
        attributes += ' inputmode="numeric"' if spec.kind == "integer" else ""
    elif spec.key in ("url", "website"):
        attributes += ' spellcheck="false"'
    return f'<input type="text" {common} value="{esc(shown)}"{attributes}>', extra


def _select(common: str, spec: _Spec, options: list[tuple[str, str]], extra: str = "",
            unknown: str = "not in this workspace") -> tuple[str, str]:
    value = spec.value
    current = "" if value is None else str(value)
    default = spec.schema.get("default")
    empty = f"(not set: {default})" if default not in (None, "") else "(none)"
    html = [f'<option value="">{esc(empty)}</option>']
    known = [v for v, _ in options]
    if current and current not in known:
        options = [*options, (current, f"{current} ({unknown})")]
    for option, text in options:
        selected = " selected" if option == current else ""
        html.append(f'<option value="{esc(option)}"{selected}>{esc(text)}</option>')
    return f'<select {common}>{"".join(html)}</select>', extra
