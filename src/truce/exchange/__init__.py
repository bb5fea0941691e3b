"""Data exchange: the formats analysts already use, out of truce and back in.

One module a format — ``acled`` (ACLED-style CSV), ``geojson`` (RFC 7946), ``hxl`` (CSV with
HXL hashtags), ``scenario_file`` (the agreement back to a scenario YAML) — and ``importing``,
which checks every row of a file first and then writes all of them or none, each row once.
"""
