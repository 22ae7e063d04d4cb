"""New, renamed and deleted files: the editor's changes to what a workspace holds.

Takes a workspace and what the home page asked for; produces a new review or document made
from the starter files that ``scrdocs new`` writes (named for the organisation, drawing on the
review chosen), or a file renamed together with every reference to it in the documents, each
written through the round trip so their comments stay.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from . import roundtrip
from .files import (
    PROFILE,
    SUFFIXES,
    DataFile,
    NotEditable,
    check_name,
    data_file,
    read,
    write_atomic,
)

STARTER_REVIEW = "child-a"
STARTER_NAME = "Child A"


def create(root: Path, request: dict[str, Any]) -> str:
    """Create the file ``request`` describes and return its workspace path.

    ``request`` holds ``subject`` ('review' or 'document'), ``name`` (the file name without
    .yaml), and for a review ``pseudonym`` (its published name), for a document ``kind`` and
    optionally ``review`` (the id of the review it draws on).

    :raises ValueError: what is missing or wrong, or that the file exists already.
    """
    from ..new import starter_contents

    subject, name = request.get("subject"), request.get("name")
    if subject not in ("review", "document"):
        raise ValueError("say whether to create a review or a document")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"give the new {subject} a file name")
    name = check_name(name.strip())
    folder = "reviews" if subject == "review" else "documents"
    file = data_file(root, f"{folder}/{name}.yaml")
    _refuse_taken(root, folder, name)
    starters = starter_contents(_organisation_name(root))
    if subject == "review":
        text = _new_review(starters, name, request.get("pseudonym"))
    else:
        text = _new_document(root, starters, request.get("kind"), request.get("review"))
    write_atomic(file.path, text)
    return file.relative


def _refuse_taken(root: Path, folder: str, name: str) -> None:
    """Raise ``ValueError`` when ``folder`` holds a file (or folder) called ``name`` with
    any of the suffixes scrdocs reads: a second one would give two reviews (or documents)
    one id."""
    for suffix in SUFFIXES:
        taken = root / folder / f"{name}{suffix}"
        if taken.exists() or taken.is_symlink():
            raise ValueError(f"{folder}/{taken.name} exists already; choose another name")


def _organisation_name(root: Path) -> str:
    from ..new import DEFAULT_ORGANISATION

    raw = (root / PROFILE).read_text(encoding="utf-8", errors="replace") \
        if (root / PROFILE).is_file() else ""
    try:
        data = roundtrip.plain(roundtrip.load(raw))
    except roundtrip.YamlSyntaxError:
        return DEFAULT_ORGANISATION
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else DEFAULT_ORGANISATION


def _new_review(starters: dict[str, bytes], name: str, pseudonym: Any) -> str:
    text = starters[f"reviews/{STARTER_REVIEW}.yaml"].decode("utf-8")
    if not isinstance(pseudonym, str) or not pseudonym.strip():
        pseudonym = name.replace("-", " ").replace("_", " ").title()
    return roundtrip.updated(text, {"name": pseudonym.strip()})


def _new_document(root: Path, starters: dict[str, bytes], kind: Any, review: Any) -> str:
    from ..kinds import KINDS

    if not isinstance(kind, str) or f"documents/{kind}.yaml" not in starters:
        raise ValueError(f"choose the kind of document: {', '.join(sorted(KINDS))}")
    text = starters[f"documents/{kind}.yaml"].decode("utf-8")
    tree = roundtrip.load(text)
    if isinstance(review, str) and review:
        pseudonym = _review_name(root, review)
        _replace_references(tree, {STARTER_REVIEW: review}, "review")
        if pseudonym:
            _replace_text(tree, STARTER_NAME, pseudonym)
    if kind in ("resolution-list", "agenda"):  # both take their items from minutes
        minutes = _first_minutes(root)
        if minutes:
            tree["minutes"] = minutes
    return roundtrip.dump(tree, text)


def _review_name(root: Path, review_id: str) -> str | None:
    for suffix in (".yaml", ".yml", ".json"):
        path = root / "reviews" / f"{review_id}{suffix}"
        if path.is_file():
            try:
                data = roundtrip.plain(roundtrip.load(path.read_text(encoding="utf-8")))
            except (roundtrip.YamlSyntaxError, UnicodeDecodeError):
                return None
            name = data.get("name") if isinstance(data, dict) else None
            return name if isinstance(name, str) else None
    return None


def _first_minutes(root: Path) -> str | None:
    folder = root / "documents"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = roundtrip.plain(roundtrip.load(path.read_text(encoding="utf-8")))
        except (roundtrip.YamlSyntaxError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("kind") == "minutes":
            return path.stem
    return None


def _replace_references(node: Any, names: dict[str, str], what: str) -> bool:
    """Replace, in place, every reference to a review (``review``/``reviews`` fields) or a
    minutes document (``minutes`` naming a file) found in ``names``; return whether any
    was."""
    changed = False
    if isinstance(node, CommentedMap):
        for key in list(node):
            value = node[key]
            if what == "review" and key == "review" and isinstance(value, str) \
                    and value in names:
                node[key] = _like(value, names[value])
                changed = True
            elif what == "review" and key == "reviews" and isinstance(value, CommentedSeq):
                for index, item in enumerate(value):
                    if isinstance(item, str) and item in names:
                        value[index] = _like(item, names[item])
                        changed = True
            elif what == "minutes" and key == "minutes" and isinstance(value, str) \
                    and Path(value).stem in names and "\n" not in value:
                node[key] = _like(value, names[Path(value).stem])
                changed = True
            else:
                changed |= _replace_references(value, names, what)
    elif isinstance(node, CommentedSeq):
        for item in node:
            changed |= _replace_references(item, names, what)
    return changed


def _replace_text(node: Any, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` in every text of ``node``, in place, keeping styles."""
    items = node.items() if isinstance(node, CommentedMap) else \
        enumerate(node) if isinstance(node, CommentedSeq) else []
    for key, value in list(items):
        if isinstance(value, str) and old in value:
            node[key] = _like(value, value.replace(old, new))
        else:
            _replace_text(value, old, new)


def _like(old: str, new: str) -> str:
    return type(old)(new) if isinstance(old, ScalarString) else new


def rename(file: DataFile, name: str) -> tuple[str, list[str]]:
    """Rename ``file`` to ``name`` (keeping its suffix) and update every document that
    refers to it; return the new workspace path and the documents updated.

    :raises ValueError: the profile cannot be renamed, or the name is taken.
    """
    if file.subject == "organisation":
        raise ValueError("the profile is always scrdocs.yaml and cannot be renamed")
    name = check_name(name.strip())
    folder = file.relative.split("/", 1)[0]
    target = data_file(file.root, f"{folder}/{name}{Path(file.relative).suffix}")
    _refuse_taken(file.root, folder, name)
    if not file.path.is_file():
        raise NotEditable(f"there is no {file.relative}")
    os.rename(file.path, target.path)
    what = "review" if file.subject == "review" else "minutes"
    updated = []
    if file.subject == "review":
        _rename_own_id(target, file.name, name)
    for path in sorted((file.root / "documents").glob("*")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        try:
            document = data_file(file.root, f"documents/{path.name}")
            changed = _update_references(document, {file.name: name}, what)
        except NotEditable:  # a link or folder the editor does not touch
            continue
        if changed:
            updated.append(document.relative)
    return target.relative, updated


def _rename_own_id(file: DataFile, old: str, new: str) -> None:
    """Change a review's ``id:`` that named it by its old file name."""
    raw = read(file)
    if raw is None:
        return
    text = raw.decode("utf-8", errors="replace")
    try:
        tree = roundtrip.load(text)
    except roundtrip.YamlSyntaxError:
        return
    if isinstance(tree, CommentedMap) and tree.get("id") == old:
        tree["id"] = _like(tree["id"], new)
        write_atomic(file.path, roundtrip.dump(tree, text))


def _update_references(document: DataFile, names: dict[str, str], what: str) -> bool:
    raw = read(document)
    if raw is None:
        return False
    try:
        text = raw.decode("utf-8")
        tree = roundtrip.load(text)
    except (UnicodeDecodeError, roundtrip.YamlSyntaxError):
        return False
    if not _replace_references(tree, names, what):
        return False
    write_atomic(document.path, roundtrip.dump(tree, text))
    return True
