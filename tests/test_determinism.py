"""The same input renders to the same bytes: across runs, processes, clocks and subsetters.

The .docx zip is stamped with fixed times; its core properties and the PDF's dates come from
the document's own date (its meeting), else ``SOURCE_DATE_EPOCH``, else none. WeasyPrint
subsets fonts with HarfBuzz (``libharfbuzz-subset0``), which stamps no time, or else with
fontTools, whose time stamp scrdocs pins while it writes the PDF.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest

from scrdocs.errors import ScrdocsWarning
from scrdocs.render import document_date, render
from scrdocs.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FORMATS = ("docx", "pdf", "html")

DIGESTS = """
import hashlib, json, sys, time, warnings
from pathlib import Path
from typing import Any
from scrdocs.render import document_date, render
from scrdocs.workspace import load_workspace
warnings.simplefilter("ignore")
time.sleep(max(0.0, float(sys.argv[2]) + 2 - time.time()))
digests = {}
for root in sorted(Path(sys.argv[1]).iterdir()):
    workspace = load_workspace(root)
    for name, document in workspace.documents.items():
        for format in sys.argv[3:]:
            data = render(document, workspace, format)
            digests[f"{root.name}/{name}.{format}"] = hashlib.sha256(data).hexdigest()
        if name == "committee-report-jasmine":
            for format in ("docx", "pdf"):
                data = render(document, workspace, format, draft=True)
                digests[f"{root.name}/{name}.draft.{format}"] = hashlib.sha256(data).hexdigest()
print(json.dumps(digests))
"""
"""Wait till two seconds after the given time, then render every example document and print
each output's digest."""


def digests_here(formats: tuple[str, ...] = FORMATS, dated: bool | None = None
                 ) -> dict[str, str]:
    """Return the digest of every example document's outputs, rendered in this process.

    :param dated: only documents with (``True``) or without (``False``) a date of their own.
    """
    digests = {}
    for root in sorted(DATA.iterdir()):
        workspace = load_workspace(root)
        for name, document in workspace.documents.items():
            if dated is not None and dated != _has_date(document, workspace):
                continue
            for format in formats:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ScrdocsWarning)
                    data = render(document, workspace, format)
                digests[f"{root.name}/{name}.{format}"] = hashlib.sha256(data).hexdigest()
            if name == "committee-report-jasmine" and dated is None:
                for format in ("docx", "pdf"):
                    data = render(document, workspace, format, draft=True)
                    digests[f"{root.name}/{name}.draft.{format}"] = \
                        hashlib.sha256(data).hexdigest()
    return digests


def _has_date(document: Any, workspace: Any) -> bool:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return document_date(workspace.resolve(document)) is not None


@pytest.fixture(scope="module")
def examples() -> dict[str, str]:
    """Return the digests of every example output, rendered here without SOURCE_DATE_EPOCH,
    checked against a fresh process (another hash seed) that renders two seconds later."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    later = subprocess.Popen([sys.executable, "-c", DIGESTS, str(DATA), str(time.time()),
                              *FORMATS],
                             env={**env, "PYTHONHASHSEED": "random"}, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        here = digests_here()
    out, err = later.communicate(timeout=300)
    assert later.returncode == 0, err
    return {"here": here, "there": json.loads(out)}  # type: ignore[dict-item]


def test_every_example_renders_identically_two_seconds_apart_in_another_process(
        examples) -> None:
    """Every example renders to the same bytes here and, 2 s later, in a fresh process."""
    assert len(examples["here"]) >= 3 * 9 + 2
    assert examples["there"] == examples["here"]


def test_source_date_epoch_gives_identical_bytes(examples, monkeypatch) -> None:
    """With SOURCE_DATE_EPOCH set, every example's docx and pdf are identical 2 s apart."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    started = time.monotonic()
    undated = digests_here(("docx", "pdf"), dated=False)
    assert undated, "no example document without a date of its own"
    dated = digests_here(("docx", "pdf"), dated=True)
    assert dated == {key: value for key, value in examples["here"].items() if key in dated}
    assert all(examples["here"][key] != value for key, value in undated.items())
    time.sleep(max(0.0, 2 - (time.monotonic() - started)))
    assert digests_here(("docx", "pdf"), dated=False) == undated


def _undated_and_dated(make_workspace):
    root = make_workspace({"documents/minutes.yaml":
                           "kind: minutes\nmeeting: {committee: Scrutiny}\n"
                           "items: [{title: Item, minutes: Minuted.}]\n"})
    workspace = load_workspace(root)
    return workspace, workspace.documents["minutes"], workspace.documents["report-jasmine"]


def test_dates_come_from_the_data_then_source_date_epoch(make_workspace, monkeypatch) -> None:
    """Dates come from the meeting, else SOURCE_DATE_EPOCH, else 1980-01-01 (docx) or none."""
    workspace, undated, dated = _undated_and_dated(make_workspace)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert _docx_created(render(dated, workspace, "docx")) == "2021-06-14"
    assert _pdf_created(render(dated, workspace, "pdf")).startswith("D:20210614")
    assert _docx_created(render(undated, workspace, "docx")) == "2020-09-13"
    assert _pdf_created(render(undated, workspace, "pdf")).startswith("D:20200913")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _docx_created(render(undated, workspace, "docx")) == "1980-01-01"
    assert _pdf_created(render(undated, workspace, "pdf")) == ""


def _docx_created(data: bytes) -> str:
    created = docx.Document(io.BytesIO(data)).core_properties.created
    return created.date().isoformat() if created else ""


def _pdf_created(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(pdf.docinfo.get("/CreationDate", ""))


def test_docx_zip_members_carry_one_fixed_time(make_workspace) -> None:
    """Every member of the .docx zip is stamped 1980-01-01 00:00, in a fixed order."""
    workspace, _, dated = _undated_and_dated(make_workspace)
    with zipfile.ZipFile(io.BytesIO(render(dated, workspace, "docx"))) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"


def test_zips_written_at_different_times_come_out_identical(monkeypatch) -> None:
    """Stamping replaces each member's time and mode whenever, and however, it was written,
    keeping its content; a zip the in-place stamping cannot follow is rewritten instead."""
    from scrdocs import word
    from scrdocs.word import normalise_zip

    def package(when: tuple[int, ...], mode: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "&")):
                info = zipfile.ZipInfo(name, when)
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, mode << 16
                target.writestr(info, text * 50)
        return buffer.getvalue()

    early = normalise_zip(package((2024, 3, 1, 9, 15, 2), 0o600))
    late = normalise_zip(package((2026, 11, 23, 17, 45, 58), 0o640))
    assert early == late
    with zipfile.ZipFile(io.BytesIO(early)) as stamped:
        assert stamped.testzip() is None
        assert {(info.date_time, info.external_attr >> 16) for info in stamped.infolist()} == \
            {((1980, 1, 1, 0, 0, 0), 0o644)}
        assert stamped.read("word/document.xml") == b"&" * 50

    def unexpected_layout(data: bytes) -> bytes:
        raise ValueError("not a central directory entry")

    monkeypatch.setattr(word, "_stamp_in_place", unexpected_layout)
    rewritten_bytes = normalise_zip(package((2024, 3, 1, 9, 15, 2), 0o600))
    with zipfile.ZipFile(io.BytesIO(rewritten_bytes)) as rewritten:
        assert {info.date_time for info in rewritten.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert rewritten.read("[Content_Types].xml") == b"<Types/>" * 50


def test_pdf_is_stable_with_the_fonttools_subsetter(make_workspace, monkeypatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """With fontTools subsetting fonts, two PDFs rendered 2 s apart are still identical."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    workspace, _, dated = _undated_and_dated(make_workspace)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        first = render(dated, workspace, "pdf")
    assert "Using fontTools" in caplog.text, "the fontTools subsetter was not used"
    assert "SOURCE_DATE_EPOCH" not in os.environ
    time.sleep(2)
    assert render(dated, workspace, "pdf") == first


def test_harfbuzz_subsetter_is_the_one_in_use() -> None:
    """With libharfbuzz-subset installed (CI installs it), WeasyPrint subsets with HarfBuzz."""
    import weasyprint.pdf.fonts

    if weasyprint.pdf.fonts.harfbuzz_subset is None:
        pytest.skip("libharfbuzz-subset0 is not installed; fontTools subsets instead")
    assert weasyprint.pdf.fonts.harfbuzz.hb_version_atleast(4, 1, 0)
