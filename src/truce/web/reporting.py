"""The report form (``/incidents/new``): the page's fields and evidence files in, an incident
out, stored by the API's own ``report_incident`` (``truce.services.reporting``).

The form is checked with the same schema as the API's JSON (``IncidentSubmission``), but
every wrong field is collected, so that each message appears next to its field at once; the
page then shows the form again with everything that was typed.

Evidence files travel in the same multipart body, which the body limit caps
(``TRUCE_MAX_BODY_BYTES``). The files may fill that limit but for ``FORM_FIELDS_ROOM``, so that
a form whose files are too large still arrives whole: their size is checked (the parser keeps
them in temporary files) before any is read into memory, and the form comes back with what was
typed and the reason next to the file field. The page's script makes the same check before
sending, so that files over the body limit itself are never sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from truce.api.reporting import MAX_EVIDENCE_FILES, read_uploads
from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, DatePrecision, LocationPrecision
from truce.domain.policy import Action, check_role
from truce.domain.taxonomy import IncidentType, Modality, WeaponKind
from truce.domain.users import User
from truce.errors import InvalidInput
from truce.schemas.incident import IncidentSubmission
from truce.schemas.problems import plain_problem
from truce.services.reporting import Upload, report_incident
from truce.settings import Settings
from truce.store.agreements import load_agreement
from truce.web.i18n import Catalogue
from truce.web.map import map_context
from truce.web.rendering import Page, PageConnection, PageDependency, PageRoute

#: How many actor rows the form offers.
ACTOR_ROWS = 3

#: Room kept under the body limit for the form's text fields (a summary of 20,000 characters
#: is at most 80 kB in UTF-8), so that files up to the rest arrive with what was typed.
FORM_FIELDS_ROOM = 256 * 1024
#: The parser stops at this many files (a bound on its work); past ``MAX_EVIDENCE_FILES`` and
#: up to it, too many files are refused next to the field, with the form kept.
PARSED_FILES_LIMIT = 100
#: The name of the form's file field, as the API's multipart body names it.
EVIDENCE_FIELD = "evidence"

#: The form's plain text fields, in the submission's names.
TEXT_FIELDS = (
    "type",
    "modality",
    "date",
    "date_precision",
    "lat",
    "lon",
    "location_precision",
    "place",
    "summary",
    "fatalities",
    "injured",
)


@dataclass(frozen=True, slots=True)
class ReportForm:
    """What was typed, field by field (``actors.0.id``, ``weapons.tank``…), as strings."""

    values: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: Mapping[str, Any]) -> ReportForm:
        names = [*TEXT_FIELDS]
        for row in range(ACTOR_ROWS):
            names += [f"actors.{row}.id", f"actors.{row}.role"]
        names += [f"weapons.{kind}" for kind in WeaponKind]
        values = {}
        for name in names:
            raw = form.get(name)
            values[name] = raw.strip() if isinstance(raw, str) else ""
        return cls(values)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def submission_data(self) -> dict[str, Any]:
        """The JSON submission the form describes; empty fields are left out."""
        data: dict[str, Any] = {
            name: self.values[name] for name in TEXT_FIELDS if self.values.get(name)
        }
        actors = []
        for row in range(ACTOR_ROWS):
            actor_id = self.get(f"actors.{row}.id")
            if actor_id:
                role = self.get(f"actors.{row}.role") or str(ActorRole.ALLEGED_PERPETRATOR)
                actors.append({"id": actor_id, "role": role})
        if actors:
            data["actors"] = actors
        weapons = {kind: self.get(f"weapons.{kind}") for kind in WeaponKind}
        counted = {str(kind): count for kind, count in weapons.items() if count}
        if counted:
            data["weapons"] = counted
        return data


@dataclass(frozen=True, slots=True)
class CheckedReport:
    submission: IncidentSubmission | None
    #: Field name (as the form names it) → the message; "" for the form as a whole.
    errors: dict[str, str]


def check_report(form: ReportForm, actor_rows: Mapping[int, int]) -> CheckedReport:
    """Validate the form; ``actor_rows`` maps a submission's actor index to its form row."""
    try:
        return CheckedReport(IncidentSubmission.model_validate(form.submission_data()), {})
    except ValidationError as error:
        errors: dict[str, str] = {}
        for problem in error.errors():
            name = form_field(problem["loc"], actor_rows)
            errors.setdefault(name, plain_problem(problem))
        return CheckedReport(None, errors)


def form_field(location: tuple[int | str, ...], actor_rows: Mapping[int, int]) -> str:
    """The form's name for a submission's field path (``("actors", 0, "id")`` → a row)."""
    parts = [str(part) for part in location]
    if len(parts) >= 2 and parts[0] == "actors" and parts[1].isdigit():
        parts[1] = str(actor_rows.get(int(parts[1]), int(parts[1])))
        if len(parts) == 2:
            parts.append("id")
    return ".".join(parts)


def actor_rows_of(form: ReportForm) -> dict[int, int]:
    """Submission actor index → form row (empty rows are skipped in the submission)."""
    rows: dict[int, int] = {}
    for row in range(ACTOR_ROWS):
        if form.get(f"actors.{row}.id"):
            rows[len(rows)] = row
    return rows


router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/incidents/new", name="report_form")
def report_form(page: PageDependency, connection: PageConnection) -> Response:
    may_report(page)
    agreement = load_agreement(connection)
    return _render(page, agreement, ReportForm(), {})


@router.post("/incidents/new", name="report_submit")
async def report_submit(page: PageDependency) -> Response:
    posted = await page.request.form(max_files=PARSED_FILES_LIMIT)
    try:
        page.check_form(posted)
        user = may_report(page)
        form = ReportForm.from_form(posted)
        files = chosen_files(posted)
        refusal = evidence_refusal(page, files)
        uploads = [] if refusal else await read_uploads(files)
        return await run_in_threadpool(_store_report, page, user, form, uploads, refusal)
    finally:
        await posted.close()


def evidence_limit(settings: Settings) -> int:
    """The most bytes the report form's files may come to, all together."""
    return max(settings.max_body_bytes - FORM_FIELDS_ROOM, 0)


def chosen_files(posted: FormData) -> list[str | UploadFile]:
    """The form's file parts, but the empty one sent when none was chosen (a browser sends an
    unnamed empty file; other clients an empty value)."""
    return [item for item in posted.getlist(EVIDENCE_FIELD) if not _no_file_chosen(item)]


def _no_file_chosen(item: str | UploadFile) -> bool:
    if isinstance(item, str):
        return not item
    return not item.filename and not item.size


def evidence_refusal(page: Page, files: list[str | UploadFile]) -> str | None:
    """Why the chosen files cannot be stored, from their sizes alone; ``None`` if they can."""
    catalogue = page.renderer.catalogue
    if any(not isinstance(item, UploadFile) for item in files):
        return catalogue.text("report.evidence_not_a_file")
    if len(files) > MAX_EVIDENCE_FILES:
        return catalogue.text("report.evidence_too_many", count=MAX_EVIDENCE_FILES)
    total = sum(item.size or 0 for item in files if isinstance(item, UploadFile))
    limit = evidence_limit(page.renderer.settings)
    if total > limit:
        return catalogue.text("report.evidence_too_large", size=file_size(catalogue, limit))
    return None


def file_size(catalogue: Catalogue, size: int) -> str:
    """A size in bytes as people read it: ``9.7 MB``, ``20 kB``."""
    if size >= 1_000_000:
        return catalogue.text("size.megabytes", size=f"{size / 1_000_000:.1f}")
    return catalogue.text("size.kilobytes", size=f"{size / 1000:.0f}")


def may_report(page: Page) -> User:
    """The signed-in user, if the policy lets their role report incidents."""
    return check_role(page.require_user("reporting an incident"), Action.REPORT)


def _store_report(
    page: Page, user: User, form: ReportForm, uploads: list[Upload], refusal: str | None
) -> Response:
    """Store the report with its files, or show the form again with what was typed: nothing
    is stored when the files are refused, and files not stored are named next to their field."""
    database = page.renderer.database
    with database.connect() as connection:
        agreement = load_agreement(connection)
    rows = actor_rows_of(form)
    checked = check_report(form, rows)
    errors = checked.errors | ({EVIDENCE_FIELD: refusal} if refusal else {})
    submission = checked.submission if not errors else None
    if submission is None:
        return _render(page, agreement, form, errors, status=422, not_stored=uploads)
    try:
        with database.transaction() as connection:
            stored = report_incident(connection, agreement, user, submission, uploads)
    except InvalidInput as error:
        name = form_field(tuple(error.field.split(".")), rows) if error.field else ""
        return _render(page, agreement, form, {name: error.problem}, status=422, not_stored=uploads)
    return page.redirect(f"/incidents/{stored.id}?reported=1")


def _render(
    page: Page,
    agreement: Agreement,
    form: ReportForm,
    errors: dict[str, str],
    status: int = 200,
    not_stored: list[Upload] | None = None,
) -> Response:
    return page.render(
        "report.html",
        status=status,
        agreement=agreement,
        form=form,
        errors=errors,
        evidence_limit=evidence_limit(page.renderer.settings),
        evidence_size=file_size(page.renderer.catalogue, evidence_limit(page.renderer.settings)),
        max_evidence_files=MAX_EVIDENCE_FILES,
        not_stored=[upload.filename for upload in not_stored or []],
        other_errors={
            name: message
            for name, message in errors.items()
            if (name not in form.values and name != EVIDENCE_FIELD) or name == ""
        },
        actor_rows=range(ACTOR_ROWS),
        incident_types=list(IncidentType),
        modalities=list(Modality),
        date_precisions=list(DatePrecision),
        location_precisions=list(LocationPrecision),
        actor_roles=list(ActorRole),
        weapon_kinds=list(WeaponKind),
        weapons_open=any(
            name.startswith("weapons") and (errors.get(name) or form.get(name))
            for name in [*form.values, *errors]
        ),
        incidents={"type": "FeatureCollection", "features": []},
        **map_context(page, agreement),
    )
