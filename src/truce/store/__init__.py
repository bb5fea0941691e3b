"""The store: SQLAlchemy Core tables, queries as functions taking a connection, migrations.

All SQL of truce lives in this package. SQLite (WAL, foreign keys on) is the default;
PostgreSQL is used when the database URL says so. One schema, both backends tested.
"""
