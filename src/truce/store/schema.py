"""The tables. Migrations (``migrations/``) create them; this module is what queries use."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# BigInteger ids on PostgreSQL, INTEGER PRIMARY KEY (the rowid) on SQLite.
IdType = BigInteger().with_variant(Integer(), "sqlite")

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("signed_on", Date),
    Column("description", Text, nullable=False, default=""),
    Column("co_chairs", JSON, nullable=False),
    Column("publication", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2)),
    Column("aliases", JSON, nullable=False),
)

parties = Table(
    "parties",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agreement_id", ForeignKey("agreements.id"), nullable=False),
    Column("name", Text, nullable=False),
)

party_actors = Table(
    "party_actors",
    metadata,
    Column("party_id", ForeignKey("parties.id"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id"), primary_key=True),
    Column("position", Integer, nullable=False),
)

actor_relations = Table(
    "actor_relations",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("subject", ForeignKey("actors.id"), nullable=False),
    Column("predicate", String(32), nullable=False),
    Column("object", ForeignKey("actors.id"), nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("source_hashes", JSON, nullable=False),
)

zones = Table(
    "zones",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("agreement_id", ForeignKey("agreements.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("geometry", JSON, nullable=False),
    Column("min_lon", Float, nullable=False),
    Column("min_lat", Float, nullable=False),
    Column("max_lon", Float, nullable=False),
    Column("max_lat", Float, nullable=False),
    Column("position", Integer, nullable=False),
)

withdrawal_points = Table(
    "withdrawal_points",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("agreement_id", ForeignKey("agreements.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("radius_km", Float, nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("position", Integer, nullable=False),
)

terms = Table(
    "terms",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("agreement_id", ForeignKey("agreements.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("parties", JSON, nullable=False),
    Column("zone_id", ForeignKey("zones.id")),
    Column("point_id", ForeignKey("withdrawal_points.id")),
    Column("deadline", Date),
    Column("contingents", JSON, nullable=False),
    Column("position", Integer, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published_on", Date),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

evidence_files = Table(
    "evidence_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False),
    Column("state", String(32), nullable=False),
    Column("type", String(32), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("occurred_on", Date),
    Column("date_precision", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    # The bounding box of the location (a point's box is the point): bbox filters use these.
    Column("min_lon", Float),
    Column("min_lat", Float),
    Column("max_lon", Float),
    Column("max_lat", Float),
    Column("location_precision", String(16)),
    Column("place", Text),
    Column("geometry", JSON),
    Column("summary", Text, nullable=False),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("weapons", JSON, nullable=False),
    Column("origin", String(32), nullable=False),
    Column("reported_by", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_incidents_occurred_on", "occurred_on"),
    Index("ix_incidents_type_occurred_on", "type", "occurred_on"),
    Index("ix_incidents_state", "state"),
    Index("ix_incidents_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
)

incident_actors = Table(
    "incident_actors",
    metadata,
    Column("incident_id", ForeignKey("incidents.id"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id"), primary_key=True),
    Column("role", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
    Index("ix_incident_actors_actor_id", "actor_id", "role"),
)

incident_sources = Table(
    "incident_sources",
    metadata,
    Column("incident_id", ForeignKey("incidents.id"), primary_key=True),
    Column("source_sha256", ForeignKey("sources.sha256"), primary_key=True),
    Index("ix_incident_sources_source_sha256", "source_sha256"),
)

incident_evidence = Table(
    "incident_evidence",
    metadata,
    Column("incident_id", ForeignKey("incidents.id"), primary_key=True),
    Column("sha256", ForeignKey("evidence_files.sha256"), primary_key=True),
    Column("filename", Text, nullable=False),
)

#: Every version of every incident, as the JSON the API shows: nothing is overwritten.
incident_versions = Table(
    "incident_versions",
    metadata,
    Column("incident_id", ForeignKey("incidents.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("content", JSON, nullable=False),
    Column("created_by", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("actor_id", ForeignKey("actors.id")),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: Incidents brought in from a file: the stable key of each row, and the row exactly as given.
external_ids = Table(
    "external_ids",
    metadata,
    Column("external_key", String(200), primary_key=True),
    Column("incident_id", ForeignKey("incidents.id"), nullable=False),
    Column("format", String(16), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("record", JSON, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Index("ix_external_ids_incident_id", "incident_id"),
)

alert_subscriptions = Table(
    "alert_subscriptions",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False),
    Column("event", String(16), nullable=False),
    Column("zone_id", ForeignKey("zones.id")),
    Column("secret", String(128), nullable=False),
    # Incidents up to this id existed when the subscription was made: they raise no alert.
    Column("after_incident_id", IdType, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: The delivery queue: one row per alert and subscription, kept after delivery or failure.
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("subscription_id", ForeignKey("alert_subscriptions.id"), nullable=False),
    Column("alert_key", String(200), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("delivered_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("subscription_id", "alert_key"),
    Index("ix_alert_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
)
