"""The migrations form one line, in the order ``truce.store.migrations`` documents — which is
not the order of their file numbers (0005 runs before 0004)."""

from __future__ import annotations

import re
from importlib import resources

from alembic.script import ScriptDirectory

import truce.store.migrations


def test_the_history_is_one_line_in_the_documented_order() -> None:
    scripts = ScriptDirectory(str(resources.files("truce.store").joinpath("migrations")))
    assert len(scripts.get_heads()) == 1 and len(scripts.get_bases()) == 1
    newest_first = [script.revision for script in scripts.walk_revisions()]
    assert all(
        not script.is_merge_point and not script.is_branch_point
        for script in scripts.walk_revisions()
    )
    documented = re.search(r"^\s+(0001 → .*)$", truce.store.migrations.__doc__ or "", re.M)
    assert documented is not None, "the module docstring no longer draws the order"
    assert documented.group(1).split(" → ") == list(reversed(newest_first))
