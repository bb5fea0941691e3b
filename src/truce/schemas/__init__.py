"""The JSON forms of truce's objects: what users submit and what the CLI and the API show.

One form for both: an incident file given to ``truce incidents add --json`` is the body the
API's ``POST /api/v1/incidents`` accepts, and the JSON ``truce incidents list`` prints is what
``GET /api/v1/incidents`` returns.
"""
