"""truce — software for the joint body that monitors a ceasefire.

The package is laid out as the parts of the design (../shared/DESIGN.md):
``domain`` (typed objects and rules, no I/O), ``geo`` (geometry and places),
``scenario`` (the agreement file), ``store`` (SQLAlchemy Core, SQLite or PostgreSQL),
``api`` (FastAPI) and ``cli`` (the ``truce`` command).
"""

__version__ = "0.1.0"
