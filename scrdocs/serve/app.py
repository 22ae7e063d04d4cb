"""The editor's web application: its pages, the calls its scripts make, and their answers.

Takes HTTP requests that :class:`~scrdocs.serve.security.Guard` let through; produces the
home page (the profile, reviews and documents with their problems), an editor page per file
(a form from the JSON Schema, or the text of a file the form cannot show), and JSON answers
for checking and previewing what the form holds, saving it, creating, renaming and deleting
files, building and checking the workspace. Every path a request names goes through
:func:`~scrdocs.serve.files.data_file`, so nothing outside the workspace is read or written.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from . import files as workspace_files
from . import forms, roundtrip
from .files import DataFile, NotEditable, data_file
from .security import Guard, Keys, json_body
from .workbench import Draft, Rendered, Workbench

HERE = Path(__file__).resolve().parent
FORMAT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                "docx": "application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document"}


class BadRequest(Exception):
    """A request the editor cannot act on; the message says why, for the page to show."""

    def __init__(self, message: str, status: int = 400, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.extra = extra


def create_app(root: str | Path, keys: Keys | None = None, hosts: set[str] | None = None,
               warm: bool = True) -> Starlette:
    """Return the editor for the workspace folder ``root``::

        app = create_app("data/thurrock", hosts={"127.0.0.1:8123"})

    :param keys: this run's token and CSRF token (new ones when not given).
    :param hosts: the ``Host`` header values to answer; ``None`` answers any.
    :param warm: render a small document when the server starts, so the first preview is
        as quick as the next.
    """
    editor = Editor(Path(root), keys or Keys())

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if warm:
            editor.workbench.renderer.submit(editor.warm_up)
        try:
            yield
        finally:
            editor.workbench.close()

    app = Starlette(routes=editor.routes(), lifespan=lifespan,
                    middleware=[Middleware(Guard, keys=editor.keys, hosts=hosts)])
    app.state.editor = editor
    return app


class Editor:
    """The routes of one editor, over one workspace."""

    def __init__(self, root: Path, keys: Keys) -> None:
        self.root = root
        self.keys = keys
        self.workbench = Workbench(root)
        self.pages = Environment(loader=FileSystemLoader(HERE / "templates"),
                                 autoescape=select_autoescape(["html"]),
                                 trim_blocks=True, lstrip_blocks=True)

    def routes(self) -> list[Any]:
        """Return the application's routes."""
        api = {"draft": self.draft, "pdf": self.pdf, "save": self.save, "new": self.new,
               "rename": self.rename, "delete": self.delete, "build": self.build,
               "check": self.check}
        return [
            Route("/", self.home),
            Route("/edit/{file:path}", self.edit),
            Route("/download/{file:path}", self.download),
            Route("/out/{name}", self.output),
            Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
            *[Route(f"/api/{name}", _api(handler), methods=["POST"])
              for name, handler in api.items()],
        ]

    def warm_up(self) -> None:
        """Load the workspace and render its first document as HTML and PDF, so the
        engines are imported and their caches filled before anyone waits for a preview."""
        snapshot = self.workbench.snapshot()
        workspace = snapshot.workspace
        if workspace is None or not workspace.documents:
            return
        name = next(iter(workspace.documents))
        for format in ("html", "pdf"):
            self.workbench.render(workspace, name, format)

    # --- pages ---------------------------------------------------------------------------

    def page(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """Return the page ``template`` filled with ``values``."""
        html = self.pages.get_template(template).render(
            csrf=self.keys.csrf, version=__version__, workspace=self.root.resolve().name,
            **values)
        return HTMLResponse(html, status_code=status)

    async def home(self, request: Request) -> Response:
        """The workspace home: every file with its problems, and what can be done."""
        status = await self.workbench.run(self.workbench.status)
        reviews = await self.workbench.run(self.workbench.reviews)
        documents = await self.workbench.run(self.workbench.documents)
        entries = []
        for file in workspace_files.listing(self.root):
            entries.append({"file": file, "problems": status.get(file.relative, []),
                            "label": _label(file, reviews),
                            "kind": documents.get(file.name, "").replace("-", " ")
                            if file.subject == "document" else ""})
        general = status.get("", [])
        case_key = [(name, problems) for name, problems in status.items()
                    if name.startswith("case-key")]
        from ..kinds import KINDS

        return self.page("home.html", entries=entries, general=general, case_key=case_key,
                         has_case_key=(self.root / "case-key.yaml").is_file(),
                         kinds=sorted(KINDS), reviews=reviews)

    async def edit(self, request: Request) -> Response:
        """The editor of one file: its form, or its text when the form cannot show it."""
        try:
            file = data_file(self.root, request.path_params["file"])
            raw = workspace_files.read(file)
        except NotEditable as exc:
            return self.page("error.html", status=404, message=str(exc))
        if raw is None:
            return self.page("error.html", status=404,
                             message=f"there is no {file.relative} in this workspace")
        text, note = workspace_files.decode(raw)
        values: dict[str, Any] = {"file": file, "base": workspace_files.fingerprint(raw),
                  "editor_id": secrets.token_urlsafe(8), "text": text, "note": note}
        targets = await self.workbench.run(self.workbench.documents_using, file)
        values["targets"] = targets
        mode = request.query_params.get("mode")
        form, reason = (None, "you asked for the text") if mode == "text" else \
            await self.workbench.run(self.form_of, file, text, note)
        if form is None:
            problems = await self.workbench.run(self.workbench.check, file, text)
            return self.page("editor.html", mode="text", reason=reason,
                             problems=[p.as_json() for p in problems.problems], **values)
        return self.page("editor.html", mode="form", form=form, problems=[], **values)

    def form_of(self, file: DataFile, text: str,
                note: str | None) -> tuple[forms.Markup | None, str]:
        """Return the form for ``file`` holding ``text``, or ``None`` and why the file
        is shown as text instead."""
        if note:
            return None, note
        try:
            data = roundtrip.plain(roundtrip.load(text))
        except roundtrip.YamlSyntaxError:
            draft = self.workbench.check(file, text)
            first = draft.problems[0] if draft.problems else None
            where = f"line {first.line}: " if first and first.line else ""
            return None, (f"the file is not valid YAML ({where}"
                          f"{first.message if first else 'it cannot be read'}), so it is "
                          "shown as text: correct it here")
        if not isinstance(data, dict):
            return None, "the file does not hold a set of fields, so it is shown as text"
        schema = self.schema_for(file, data)
        if schema is None:
            return None, ("the file's kind: is missing or not a document kind, so it is "
                          "shown as text; write one of: committee-report, minutes, "
                          "resolution-list, one-minute-guide, learning-briefing")
        context = forms.Context(schema.get("$defs", {}), self.workbench.reviews(),
                                self.workbench.documents(), self.workbench.languages())
        return forms.render_form(schema, data, context), ""

    def schema_for(self, file: DataFile, data: dict[str, Any]) -> dict[str, Any] | None:
        """Return the JSON Schema the form of ``file`` follows (for a document, that of its
        kind, with the shared definitions)."""
        from ..schema import json_schema

        schema = json_schema(file.subject)
        if file.subject != "document":
            return schema
        kind = data.get("kind")
        part = forms.document_schema(schema, kind) if isinstance(kind, str) else None
        return None if part is None else {**part, "$defs": schema.get("$defs", {})}

    async def download(self, request: Request) -> Response:
        """A saved document rendered as Word, PDF or HTML, as a download."""
        format = request.query_params.get("format", "pdf")
        if format not in FORMAT_TYPES:
            return self.page("error.html", status=400, message=f"'{format}' is not a "
                             "format scrdocs writes; choose docx, pdf or html")
        try:
            file = data_file(self.root, request.path_params["file"])
        except NotEditable as exc:
            return self.page("error.html", status=404, message=str(exc))
        if file.subject != "document":
            return self.page("error.html", status=400, message="only documents download")
        rendered = await self.workbench.run_render(self.workbench.render_saved, file, format)
        if rendered.data is None:
            return self.page("error.html", status=422,
                             message=" ".join([rendered.message, *rendered.places]))
        return Response(rendered.data, media_type=FORMAT_TYPES[format], headers={
            "content-disposition": f'attachment; filename="{file.name}.{format}"'})

    async def output(self, request: Request) -> Response:
        """A file the last build wrote to ``out/``."""
        try:
            path = workspace_files.output_file(self.root, request.path_params["name"])
        except NotEditable as exc:
            return self.page("error.html", status=404, message=str(exc))
        return Response(path.read_bytes(), media_type=FORMAT_TYPES[path.suffix[1:]],
                        headers={"content-disposition":
                                 f'attachment; filename="{path.name}"'})

    # --- the calls the pages make ------------------------------------------------------------

    def file_in(self, body: dict[str, Any]) -> DataFile:
        """Return the file a call names in its ``file`` field."""
        relative = body.get("file")
        if not isinstance(relative, str):
            raise BadRequest("the request names no file")
        try:
            return data_file(self.root, relative)
        except NotEditable as exc:
            raise BadRequest(str(exc), 404) from None

    def text_of(self, file: DataFile, body: dict[str, Any]) -> str:
        """Return the text the file would hold: the posted text, or the posted form values
        written over the file on disk."""
        if "text" in body:
            if not isinstance(body["text"], str):
                raise BadRequest("'text' must be the file's text")
            return body["text"]
        data = body.get("data")
        if not isinstance(data, dict):
            raise BadRequest("the request carries neither the form's values ('data') nor "
                             "the file's text ('text')")
        data = _parsed_yaml_fields(data)
        raw = workspace_files.read(file)
        current = workspace_files.decode(raw)[0] if raw is not None else ""
        try:
            return roundtrip.updated(current, data, file.is_json)
        except (roundtrip.YamlSyntaxError, ValueError):
            return roundtrip.written_afresh(data)

    async def draft(self, body: dict[str, Any]) -> Response:
        """Check what the form holds and render its preview: the problems at their fields,
        the YAML it would save, and the document as HTML."""
        file = self.file_in(body)
        editor, sequence = str(body.get("editor", "")), _number(body.get("sequence"))
        self.workbench.newest(editor, sequence)
        text = self.text_of(file, body)
        if not self.workbench.is_latest(editor, sequence):
            return JSONResponse({"stale": True})
        draft = await self.workbench.run(self.workbench.check, file, text)
        answer: dict[str, Any] = {"problems": [p.as_json() for p in draft.problems],
                                  "yaml": text, "sequence": sequence}
        if draft.model is None:
            answer["preview"] = {"message": "the preview shows once the problems listed are "
                                            "put right"}
            return JSONResponse(answer)
        rendered = await self.workbench.run_render(self._preview, file, draft,
                                                   body.get("target"), editor, sequence)
        if rendered is None:
            return JSONResponse({"stale": True})
        answer["preview"] = {"html": rendered.data.decode("utf-8") if rendered.data else None,
                             "message": rendered.message, "places": rendered.places,
                             "warnings": rendered.warnings}
        return JSONResponse(answer)

    def _preview(self, file: DataFile, draft: Draft, target: Any, editor: str,
                 sequence: int) -> Rendered | None:
        """Return the HTML preview, or ``None`` when the page asked for a newer one while
        this one waited for the renderer."""
        if not self.workbench.is_latest(editor, sequence):
            return None
        return self.workbench.render_draft(file, draft.model, _target(target), "html",
                                           draft.versions)

    async def pdf(self, body: dict[str, Any]) -> Response:
        """The PDF of what the form holds, to show in the page."""
        file = self.file_in(body)
        text = self.text_of(file, body)

        draft = await self.workbench.run(self.workbench.check, file, text)
        if draft.model is None:
            raise BadRequest("the PDF shows once the problems listed are put right", 422,
                             problems=[p.as_json() for p in draft.problems])
        rendered = await self.workbench.run_render(self.workbench.render_draft, file,
                                                   draft.model, _target(body.get("target")),
                                                   "pdf", draft.versions)
        if rendered.data is None:
            raise BadRequest(rendered.message, 422, places=rendered.places)
        return Response(rendered.data, media_type="application/pdf",
                        headers={"x-scrdocs-warnings": " | ".join(rendered.warnings)
                                 .encode("ascii", "replace").decode()})

    async def save(self, body: dict[str, Any]) -> Response:
        """Write what the form (or the text view) holds to the file, atomically, unless the
        file changed on disk since the page read it: then answer with both versions."""
        file = self.file_in(body)
        text = self.text_of(file, body)
        base = body.get("base")
        if not isinstance(base, str):
            raise BadRequest("the request does not say which version of the file it edits "
                             "('base')")
        raw = workspace_files.read(file)
        on_disk = workspace_files.fingerprint(raw)
        if on_disk not in (base, body.get("overwrite")):
            disk = workspace_files.decode(raw)[0] if raw is not None else ""
            raise BadRequest(
                f"{file.relative} was changed on disk since you opened it"
                if raw is not None else f"{file.relative} was deleted since you opened it",
                409, conflict={"disk": disk, "mine": text, "disk_base": on_disk})
        try:
            workspace_files.write_atomic(file.path, text)
        except OSError as exc:
            raise BadRequest(f"{file.relative} could not be saved: {exc.strerror}; nothing "
                             "was changed", 500) from None
        draft = await self.workbench.run(self.workbench.check, file, text)
        return JSONResponse({"saved": file.relative, "base": workspace_files.fingerprint(
            text.encode("utf-8")), "problems": [p.as_json() for p in draft.problems],
            "text": text})

    async def new(self, body: dict[str, Any]) -> Response:
        """Create a review, or a document of a kind, from the starter files."""
        from .starters import create

        try:
            relative = await self.workbench.run(create, self.root, body)
        except (NotEditable, ValueError) as exc:
            raise BadRequest(str(exc), 409 if "already" in str(exc) else 400) from None
        return JSONResponse({"file": relative, "url": f"/edit/{relative}"})

    async def rename(self, body: dict[str, Any]) -> Response:
        """Rename a review or document file, and the references to it in documents."""
        from .starters import rename

        file = self.file_in(body)
        name = body.get("name")
        if not isinstance(name, str):
            raise BadRequest("the request gives no new name")
        try:
            relative, updated = await self.workbench.run(rename, file, name)
        except (NotEditable, ValueError) as exc:
            raise BadRequest(str(exc), 409 if "already" in str(exc) else 400) from None
        return JSONResponse({"file": relative, "updated": updated})

    async def delete(self, body: dict[str, Any]) -> Response:
        """Delete a review or document file, once the page confirmed which."""
        file = self.file_in(body)
        if file.subject == "organisation":
            raise BadRequest("the profile cannot be deleted: a workspace needs scrdocs.yaml")
        if body.get("confirm") != file.relative:
            raise BadRequest(f"deleting needs confirming: send confirm: {file.relative}")
        if not file.path.is_file():
            raise BadRequest(f"there is no {file.relative}", 404)
        used_by = await self.workbench.run(self.workbench.documents_using, file) \
            if file.subject == "review" else []
        file.path.unlink()
        return JSONResponse({"deleted": file.relative, "used_by": used_by})

    async def build(self, body: dict[str, Any]) -> Response:
        """Build the workspace, as ``scrdocs build`` does."""
        return JSONResponse(await self.workbench.run_render(self.workbench.build))

    async def check(self, body: dict[str, Any]) -> Response:
        """Check the workspace, as ``scrdocs check`` does."""
        word_layout = body.get("word_layout") is True
        return JSONResponse(await self.workbench.run_render(self.workbench.check_workspace,
                                                            word_layout))


def _api(handler: Callable[[dict[str, Any]], Awaitable[Response]]) -> Callable[
        [Request], Awaitable[Response]]:
    """Return an endpoint that reads a JSON object from the request and answers errors as
    JSON with a message the page shows."""
    async def endpoint(request: Request) -> Response:
        try:
            body = json_body(await request.body())
            if not isinstance(body, dict):
                raise BadRequest("the request must be a JSON object")
            return await handler(body)
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except NotEditable as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)
        except BadRequest as exc:
            return JSONResponse({"error": str(exc), **exc.extra}, status_code=exc.status)
    return endpoint


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _target(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _parsed_yaml_fields(value: Any, path: tuple[str, ...] = ()) -> Any:
    """Return the form's values with each part the form showed as YAML (``{"$yaml": text}``)
    read back into data.

    :raises BadRequest: (422) with the problem at the field whose YAML is not valid.
    """
    if isinstance(value, dict):
        if set(value) == {"$yaml"}:
            return _yaml_field(value["$yaml"], path)
        return {str(k): _parsed_yaml_fields(v, (*path, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [_parsed_yaml_fields(v, (*path, str(i))) for i, v in enumerate(value)]
    return value


def _yaml_field(text: Any, path: tuple[str, ...]) -> Any:
    if not isinstance(text, str):
        raise BadRequest("a field written as YAML must hold text")
    if not text.strip():
        return None
    try:
        return roundtrip.plain(roundtrip.load(text))
    except roundtrip.YamlSyntaxError as exc:
        message = f"not valid YAML: {exc}"
        raise BadRequest(f"{'.'.join(path)}: {message}", 422, problems=[
            {"path": ".".join(path), "message": message, "line": None, "file": ""}]) from None


def _label(file: DataFile, reviews: dict[str, str]) -> str:
    if file.subject == "organisation":
        return "Organisation profile"
    if file.subject == "review":
        name = reviews.get(file.name)
        return f"{name}" if name else file.name
    return file.name

