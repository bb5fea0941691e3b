"""The live agreement back to a scenario YAML file that ``truce init`` accepts."""

from __future__ import annotations

import yaml

from truce.domain.agreement import Agreement
from truce.scenario import agreement_to_document


def scenario_yaml(agreement: Agreement) -> str:
    """The agreement as ``truce-scenario/1`` YAML: ``parse_scenario`` reads back the same."""
    return yaml.safe_dump(
        agreement_to_document(agreement), sort_keys=False, allow_unicode=True, width=100
    )
