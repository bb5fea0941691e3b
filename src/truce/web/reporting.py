"""The report form (``/incidents/new``): the page's fields in, an incident submission out.

The form is checked with the same schema as the API's JSON (``IncidentSubmission``), but
every wrong field is collected, so that each message appears next to its field at once; the
page then shows the form again with everything that was typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from truce.api.reporting import report_incident
from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, DatePrecision, LocationPrecision
from truce.domain.policy import Action, check_role
from truce.domain.taxonomy import IncidentType, Modality, WeaponKind
from truce.domain.users import User
from truce.errors import InvalidInput
from truce.schemas.incident import IncidentSubmission
from truce.store.agreements import load_agreement
from truce.web.map import map_context
from truce.web.rendering import Page, PageConnection, PageDependency, PageRoute

#: How many actor rows the form offers.
ACTOR_ROWS = 3

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
            message = str(problem["msg"]).removeprefix("Value error, ")
            if problem["type"] == "missing":
                message = "is required"
            errors.setdefault(name, message)
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
    posted = await page.request.form()
    page.check_form(posted)
    user = may_report(page)
    form = ReportForm.from_form(posted)
    return await run_in_threadpool(_store_report, page, user, form)


def may_report(page: Page) -> User:
    """The signed-in user, if the policy lets their role report incidents."""
    return check_role(page.require_user("reporting an incident"), Action.REPORT)


def _store_report(page: Page, user: User, form: ReportForm) -> Response:
    database = page.renderer.database
    with database.connect() as connection:
        agreement = load_agreement(connection)
    rows = actor_rows_of(form)
    checked = check_report(form, rows)
    if checked.submission is None:
        return _render(page, agreement, form, checked.errors, status=422)
    try:
        stored = report_incident(database, agreement, user, checked.submission, uploads=[])
    except InvalidInput as error:
        name = form_field(tuple(error.field.split(".")), rows) if error.field else ""
        return _render(page, agreement, form, {name: error.problem}, status=422)
    return page.redirect(f"/incidents/{stored.id}?reported=1")


def _render(
    page: Page, agreement: Agreement, form: ReportForm, errors: dict[str, str], status: int = 200
) -> Response:
    return page.render(
        "report.html",
        status=status,
        agreement=agreement,
        form=form,
        errors=errors,
        other_errors={
            name: message
            for name, message in errors.items()
            if name not in form.values or name == ""
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
