"""The scenario file: an agreement declared in YAML (format ``truce-scenario/1``)."""

from truce.scenario.loader import agreement_to_document, load_scenario, parse_scenario

__all__ = ["agreement_to_document", "load_scenario", "parse_scenario"]
