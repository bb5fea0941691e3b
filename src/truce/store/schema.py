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
    text,
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
    # truce.domain.actors.ActorOrigin: "scenario" (one of the agreement's actors) or "reference"
    # (registered by ingest or an import from the reference registry).
    Column("origin", String(16), nullable=False),
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
    # Withdrawal point ids where foreign contingents assemble before leaving (issue 4).
    Column("assembly_points", JSON, nullable=False, server_default=text("'[]'")),
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
    # The grid cell of that box (``truce.geo.grid``): what bbox queries find through an index.
    Column("grid_cell", Integer),
    Column("location_precision", String(16)),
    Column("place", Text),
    Column("geometry", JSON),
    Column("summary", Text, nullable=False),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("weapons", JSON, nullable=False),
    Column("origin", String(32), nullable=False),
    Column("reported_by", String(100)),
    # The party whose delegate submitted the incident: that side sees it before publication.
    Column("reporting_party", String(64)),
    # When the incident became verified: publication is this plus the agreement's embargo.
    Column("verified_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_incidents_occurred_on", "occurred_on"),
    Index("ix_incidents_type_occurred_on", "type", "occurred_on"),
    Index("ix_incidents_state", "state"),
    Index("ix_incidents_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
    Index("ix_incidents_state_verified_at", "state", "verified_at"),
    # A box query seeks the cells, type and start day, then compares the bounds in the index:
    # only the rows it returns are read from the table (migration 0007).
    Index(
        "ix_incidents_grid_cell_type_occurred_on_bbox",
        "grid_cell",
        "type",
        "occurred_on",
        "min_lon",
        "max_lon",
        "min_lat",
        "max_lat",
    ),
    Index("ix_incidents_reporting_party", "reporting_party"),
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
    #: argon2id hash (PHC string) of the password; ``None`` for an account without one.
    Column("password_hash", String(255)),
)

#: API and session tokens: only the SHA-256 of a token is kept; the token is shown once.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("user_name", ForeignKey("users.name"), nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_api_tokens_user_name", "user_name"),
)

# --- Verification (issue 4): every step of judging an incident, kept for ever. ---

#: Each move of an incident between verification states: who, when, why, which version.
verification_transitions = Table(
    "verification_transitions",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("incident_id", ForeignKey("incidents.id"), nullable=False),
    Column("incident_version", Integer, nullable=False),
    Column("from_state", String(32), nullable=False),
    Column("to_state", String(32), nullable=False),
    Column("by_user", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("merged_into", ForeignKey("incidents.id")),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_verification_transitions_incident_id", "incident_id"),
)

#: The public keys of co-chairs (Ed25519); the private keys never enter the database.
signing_keys = Table(
    "signing_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_name", ForeignKey("users.name"), nullable=False),
    Column("public_key", String(64), nullable=False, unique=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: A co-chair's signed judgment of one version of an incident: verify or refuse.
verification_signoffs = Table(
    "verification_signoffs",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("incident_id", ForeignKey("incidents.id"), nullable=False),
    Column("incident_version", Integer, nullable=False),
    Column("version_hash", String(64), nullable=False),
    Column("co_chair", ForeignKey("actors.id"), nullable=False),
    Column("by_user", String(64), nullable=False),
    Column("key_id", ForeignKey("signing_keys.id"), nullable=False),
    Column("decision", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("signature", String(128), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Index("ix_verification_signoffs_incident_id", "incident_id"),
)

#: A party's answer to an incident it is accused in, shown beside the incident.
incident_replies = Table(
    "incident_replies",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("incident_id", ForeignKey("incidents.id"), nullable=False),
    Column("incident_version", Integer, nullable=False),
    Column("party_id", String(64), nullable=False),
    Column("by_user", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_incident_replies_incident_id", "incident_id"),
)

#: A disputed incident sent to the chamber, to be settled before ``due_at``.
escalations = Table(
    "escalations",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("incident_id", ForeignKey("incidents.id"), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_by", String(64)),
    Index("ix_escalations_incident_id", "incident_id"),
)

# --- The audit chain: one entry per write, each hashing the one before it. ---

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("seq", IdType, primary_key=True, autoincrement=False),
    Column("table_name", String(64), nullable=False),
    Column("row_key", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Index("ix_audit_entries_table_name_row_key", "table_name", "row_key"),
)

#: Keys the chain's records are made with but that must never be on it nor in an export: the
#: credential key keys the digest of each webhook secret (``truce.audit.credentials``).
audit_keys = Table(
    "audit_keys",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("key", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

#: A co-chair's signature over the chain head at ``seq``.
audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False),
    Column("head_hash", String(64), nullable=False),
    Column("key_id", ForeignKey("signing_keys.id"), nullable=False),
    Column("by_user", String(64), nullable=False),
    Column("signature", String(128), nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
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


#: Failed logins within the throttle's window (``truce.api.login_limits``), shared by every
#: server process; rows older than the window are pruned as new failures arrive.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("account", String(200), nullable=False),
    Column("address", String(100), nullable=False),
    #: Seconds since the epoch (UTC), as the throttle's clock gives them.
    Column("at", Float, nullable=False),
    Index("ix_login_failures_account_at", "account", "at"),
    Index("ix_login_failures_address_at", "address", "at"),
)
