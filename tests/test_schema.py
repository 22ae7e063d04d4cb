"""The JSON Schema agrees with the models about what a valid file is (scrdocs.schema)."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import COMMITTEE_REPORT, MINUTES, PROFILE, REVIEW

from scrdocs._yaml import parse, read_file
from scrdocs.errors import DataError
from scrdocs.kinds import KINDS
from scrdocs.model import Review
from scrdocs.schema import SUBJECTS, json_schema
from scrdocs.workspace import DATA_SUFFIXES

DATA = Path(__file__).parents[1] / "data"

DOCUMENTS = {
    "committee-report": COMMITTEE_REPORT,
    "minutes": MINUTES.replace("    resolutions:\n", """\
    discussion:
      - raised_by: A Member
        point: Asked how the voice of the child is now recorded.
        response: The Director explained the new assessment template.
    resolutions:
"""),
    "resolution-list": """\
kind: resolution-list
meeting:
  committee: Children's Services Scrutiny Committee
items:
  - number: 5a
    title: Serious Case Review Jasmine
    resolutions:
      - That the Committee notes the report.
""",
    "one-minute-guide": """\
kind: one-minute-guide
title: Neglect
date: 2023-05
version: 2
sections:
  - heading: What is neglect?
    body: The persistent failure to meet a child's basic needs.
    bullets: [Food, Shelter, Supervision]
local_reviews:
  reviews: [jasmine]
  after: 1
""",
    "learning-briefing": """\
kind: learning-briefing
title: Learning from reviews
edition: Spring 2024
themes:
  - title: Adultification
    intro: Black children are too often seen as older than they are.
    fast_facts:
      - figure: 1 in 4
        text: strip searches of children found nothing.
        source: Children's Commissioner
        as_of: 2023
    reviews: [jasmine]
""",
    "agenda": """\
kind: agenda
meeting:
  committee: Children's Services Scrutiny Committee
  date: 2021-09-13
quorum: 3
items:
  - title: Serious Case Review Jasmine
    committee_report: report-jasmine
  - title: Residential placements framework
    part_b: true
    exempt_paragraph: 3
""",
    "seven-minute-briefing": """\
kind: seven-minute-briefing
title: Bruising in babies
reviews: [child-a]
why_it_matters:
  body: Any bruise may be a sign of abuse.
what_to_do:
  bullets: [Follow the bruising protocol.]
""",
}
"""A small valid document of every kind."""


def data_files(pattern: str) -> list[Path]:
    """Return the data files under data/ matching ``pattern``, in a stable order."""
    return sorted(p for p in DATA.glob(pattern) if p.suffix in DATA_SUFFIXES)


def params_or_skip(paths: list[Path]) -> list[Any]:
    """Return ``paths`` as parameters, or one skipped parameter when there are none yet."""
    if paths:
        return [pytest.param(p, id=str(p.relative_to(DATA))) for p in paths]
    return [pytest.param(None, marks=pytest.mark.skip(reason="no data files under data/ yet"))]


@pytest.fixture(scope="module")
def validator_for():
    """Return a function giving a JSON Schema validator for a subject, each subject's schema
    built and checked once a module (a failed check is not kept, so it fails every test)."""
    jsonschema = pytest.importorskip("jsonschema")

    @functools.cache
    def validator(subject: str) -> Any:
        schema = json_schema(subject)
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema)

    return validator


def schema_errors(validator: Any, data: Any) -> list[str]:
    """Return the schema's complaints about ``data``, one line each."""
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(data)]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_schema_command_prints_json(run_cli, subject):
    """`scrdocs schema SUBJECT` prints a JSON Schema document for the subject."""
    result = run_cli("schema", subject)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == {"review": "Review", "document": "Document",
                               "organisation": "Organisation", "case-key": "CaseKey"}[subject]


def test_unknown_schema_subject_is_refused():
    """json_schema refuses a subject it does not know, naming the ones it does."""
    with pytest.raises(ValueError, match="choose one of review, document, organisation"):
        json_schema("meeting")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_schema_is_valid_json_schema(validator_for, subject):
    """Each schema is itself a valid draft 2020-12 JSON Schema."""
    validator_for(subject)


def test_minimal_files_match_the_schema(validator_for):
    """The minimal profile, review and committee report satisfy their schemas."""
    assert schema_errors(validator_for("organisation"), parse(PROFILE).data) == []
    assert schema_errors(validator_for("review"), parse(REVIEW).data) == []
    assert schema_errors(validator_for("document"), parse(COMMITTEE_REPORT).data) == []


def test_every_kind_has_an_example_here():
    """DOCUMENTS holds an example of every kind, so a new kind gets a schema check."""
    assert DOCUMENTS.keys() == KINDS.keys()


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_document_of_each_kind_matches_model_and_schema(validator_for, kind):
    """A document valid for its model is valid for the document schema too."""
    data = parse(DOCUMENTS[kind]).data
    KINDS[kind].model.model_validate(data)
    assert schema_errors(validator_for("document"), data) == []


def test_schema_rejects_a_misspelt_field(validator_for):
    """The review schema refuses unknown fields, as the model does."""
    data = parse("name: Child Q\nlearning_pionts: [Listen.]\n").data
    assert schema_errors(validator_for("review"), data) != []


@pytest.mark.parametrize("path", params_or_skip(data_files("*/reviews/*")))
def test_data_review_matches_schema(validator_for, path):
    """Every review under data/*/reviews validates against `scrdocs schema review`."""
    assert schema_errors(validator_for("review"), read_file(path).data) == []


@pytest.mark.parametrize("path", params_or_skip(data_files("*/documents/*")))
def test_data_document_matches_schema(validator_for, path):
    """Every document under data/*/documents validates against `scrdocs schema document`."""
    assert schema_errors(validator_for("document"), read_file(path).data) == []


@pytest.mark.parametrize("path", params_or_skip(data_files("*/scrdocs.yaml")))
def test_data_profile_matches_schema(validator_for, path):
    """Every data/*/scrdocs.yaml validates against `scrdocs schema organisation`."""
    assert schema_errors(validator_for("organisation"), read_file(path).data) == []



@pytest.mark.parametrize(("subject", "text"), [
    pytest.param("review", "name: Child Q\npublished: 2021-4\n", id="one-digit-month"),
    pytest.param("document", "kind: committee-report\ndraft: yes\nmeeting: {committee: C}\n"
                             "item: {title: T}\n", id="draft-yes"),
])
def test_schema_and_model_refuse_the_same_loose_values(validator_for, subject, text):
    """A one-digit month and `draft: yes` are refused by the model and the schema alike."""
    data = parse(text).data
    model = Review if subject == "review" else KINDS[data["kind"]].model
    with pytest.raises(DataError):
        model.model_validate(data)
    assert schema_errors(validator_for(subject), data) != []


# --- text in several languages (a bilingual workspace) ---------------------------------------

BILINGUAL_PROFILE = """\
name: {cy: Bwrdd Diogelu Enghreifftiol, en: Example Safeguarding Board}
logo: {path: logo.png, alt: {cy: Logo'r Bwrdd, en: The Board's logo}}
languages: [cy, en]
bilingual: side-by-side
labels:
  resolved: {cy: "PENDERFYNWYD:", en: "RESOLVED:"}
"""

BILINGUAL_REVIEW = """\
name: {cy: Plentyn A, en: Child A}
summary:
  cy: yn ymwneud â babi pedwar mis oed.
  en: concerned a four-month-old baby.
findings:
  - {cy: Ni ddilynwyd y protocol cleisio., en: The bruising protocol was not followed.}
  - Language-neutral text stays valid.
links:
  - title: {cy: Yr adroddiad llawn, en: The full report}
    url: {cy: "https://example.org/cy/plentyn-a", en: "https://example.org/child-a"}
"""

BILINGUAL_DOCUMENT = """\
kind: seven-minute-briefing
bilingual: separate
title: {cy: Cleisio mewn babanod, en: Bruising in babies}
reviews: [child-a]
why_it_matters:
  body: {cy: Gall unrhyw glais fod yn arwydd o gam-drin., en: Any bruise may be a sign of abuse.}
"""


def test_a_bilingual_profile_review_and_document_match_the_schema(validator_for):
    """Text, alternative text, labels and web addresses given as {cy: …, en: …}, and the
    profile's languages and layout, satisfy the schemas."""
    assert schema_errors(validator_for("organisation"), parse(BILINGUAL_PROFILE).data) == []
    assert schema_errors(validator_for("review"), parse(BILINGUAL_REVIEW).data) == []
    assert schema_errors(validator_for("document"), parse(BILINGUAL_DOCUMENT).data) == []


def language_map_of(schema: dict[str, Any]) -> dict[str, Any] | None:
    """Return the map of languages a field's schema allows, or ``None``."""
    for option in schema.get("anyOf", []):
        if option.get("type") == "object" and "patternProperties" in option:
            return option
    return None


def test_free_text_says_it_may_be_given_in_each_language():
    """A free-text field offers the map of languages with the text's own schema for each
    language, and says so in its description."""
    summary = json_schema("review")["properties"]["summary"]
    found = language_map_of(summary)
    assert found == {"type": "object", "additionalProperties": False, "minProperties": 1,
                     "patternProperties": {"^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$":
                                           {"type": "string"}},
                     "description": "or the text in each language: {cy: …, en: …}"}
    assert {"type": "null"} in summary["anyOf"] and {"type": "string"} in summary["anyOf"]


@pytest.mark.parametrize(("subject", "text", "field"), [
    pytest.param("review", "name: Q\nsummary: {}\n", "summary", id="empty-map"),
    pytest.param("review", "name: Q\nsummary: {Welsh: Testun}\n", "summary", id="not-a-code"),
    pytest.param("review", "name: Q\nsummary: {cy: 3}\n", "summary", id="not-text"),
    pytest.param("review", "name: {cy: Q, en: Q}\nid: {cy: q, en: q}\n", "id", id="review-id"),
    pytest.param("document", BILINGUAL_DOCUMENT.replace("[child-a]", "[{cy: a, en: a}]"),
                 "reviews.0", id="review-reference"),
    pytest.param("document", "kind: resolution-list\nminutes: {cy: cofnodion, en: minutes}\n",
                 "minutes", id="minutes-reference"),
    pytest.param("organisation", "name: N\nlanguage: {cy: cy, en: en}\n", "language",
                 id="language-code"),
    pytest.param("organisation", "name: N\ncolours: {primary: {cy: '#000000'}}\n",
                 "colours.primary", id="colour"),
    pytest.param("organisation", "name: N\nlanguages: [cy, en]\nbilingual: sideways\n",
                 "bilingual", id="unknown-layout"),
])
def test_the_schema_refuses_what_is_not_text_in_each_language(validator_for, subject, text,
                                                              field):
    """An empty map, a key that is not a language code, a number, and a map where an id, a
    reference, a language code or a colour belongs are refused at their field."""
    data = parse(text).data
    validator = validator_for(subject)
    if subject == "document":  # the errors of the document's own kind, at their fields
        validator = kind_validator(validator, data["kind"])
    errors = schema_errors(validator, data)
    assert errors and all(e.startswith(f"{field}:") for e in errors), errors


def kind_validator(validator: Any, kind: str) -> Any:
    """Return a validator of the document schema's part for documents of ``kind``."""
    from scrdocs.serve.forms import document_schema

    schema = validator.schema
    part = document_schema(schema, kind)
    assert part is not None
    return type(validator)({**part, "$defs": schema["$defs"]})


def text_fields(model: type[Any], seen: set[type[Any]] | None = None) -> list[tuple[str, str]]:
    """Return (model name, field name) of every field of ``model`` and the models it holds
    whose value is free text (scrdocs.model.Text), or a list of it."""
    from typing import get_args

    from pydantic import BaseModel

    from scrdocs.model import Text

    seen = set() if seen is None else seen
    seen.add(model)
    found = []

    def parts(annotation: Any) -> list[Any]:
        return [annotation, *(p for a in get_args(annotation) for p in parts(a))]

    for name, info in model.model_fields.items():
        every = parts(info.annotation)
        check = get_args(Text)[2]
        if Text in every or check in info.metadata:
            found.append((model.__name__, name))
        for part in every:
            if isinstance(part, type) and issubclass(part, BaseModel) and part not in seen:
                found += text_fields(part, seen)
    return found


@pytest.mark.parametrize("subject", ["review", "document", "organisation"])
def test_every_free_text_field_may_be_given_in_each_language(subject):
    """Every field of free text in the models, but those that read alike in every language
    (ids, references, numbers, a language code), allows a map of languages in the schema."""
    from scrdocs.model import Organisation
    from scrdocs.schema import NOT_TRANSLATED

    schema = json_schema(subject)
    models = {"review": [Review], "organisation": [Organisation],
              "document": [kind.model for kind in KINDS.values()]}[subject]
    definitions = {**schema.get("$defs", {}), schema.get("title"): schema}
    fields = {found for model in models for found in text_fields(model)}
    assert len(fields) > 5
    for model_name, name in sorted(fields):
        spec = definitions[model_name]["properties"][name]
        spec = spec.get("items", spec)
        reference = name == "minutes" and "minutes document" in spec.get("description", "")
        allowed = language_map_of(spec) is not None or language_map_of(
            spec.get("anyOf", [{}])[0].get("items", {})) is not None
        assert allowed is not (name in NOT_TRANSLATED or reference), (model_name, name)


def test_the_schema_and_the_loader_agree_on_what_reads_alike_in_every_language():
    """Each field of free text the schema keeps to one text is one where the loader refuses
    a map of languages, and each other accepts one: a file the schema passes loads."""
    from scrdocs._yaml import Located
    from scrdocs.bilingual import map_problems
    from scrdocs.model import Organisation
    from scrdocs.schema import NOT_TRANSLATED

    documents = {kind.model.__name__ for kind in KINDS.values()}
    fields = {found for model in [Review, Organisation, *(k.model for k in KINDS.values())]
              for found in text_fields(model)}
    disagree = []
    for model_name, name in sorted(fields):
        top_level = model_name in documents
        data: dict[str, Any] = {name: {"cy": "testun", "en": "text"}}
        problems = map_problems(Located(None, data if top_level else {"x": data}), ["cy", "en"])
        refused = any("same in every language" in p.message for p in problems)
        reference = name == "minutes" and top_level and model_name != "Minutes"
        if refused is not (name in NOT_TRANSLATED or reference):
            disagree.append((model_name, name, refused))
    assert disagree == []
