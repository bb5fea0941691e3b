"""Co-chairs' signing keys: make one (the private half to a file), and sign the chain head."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection

from truce.audit.signing import (
    checkpoint_message,
    key_id_of,
    new_private_key,
    public_key_hex,
    sign,
    write_private_key,
)
from truce.domain.agreement import Agreement
from truce.domain.policy import check_key_holder
from truce.errors import NotPermitted
from truce.store import audit_log
from truce.store import keys as key_store
from truce.store.users import get_user


def create_key(connection: Connection, agreement: Agreement, user_name: str, out: Path) -> str:
    """Make a key pair for a co-chair: the private key to ``out`` (0600), the public key to the
    database. Returns the key's id."""
    check_key_holder(agreement, get_user(connection, user_name))
    private_key = new_private_key()
    public_hex = public_key_hex(private_key)
    key_id = key_id_of(public_hex)
    key_store.insert_signing_key(
        connection,
        key_id=key_id,
        user_name=user_name,
        public_key=public_hex,
        created_at=datetime.now(UTC),
    )
    write_private_key(private_key, out)
    return key_id


def registered_key_of(
    connection: Connection, agreement: Agreement, user_name: str, private_key: Ed25519PrivateKey
) -> str:
    """The id of the registered, active key of ``user_name`` matching ``private_key``."""
    check_key_holder(agreement, get_user(connection, user_name))
    row = key_store.find_signing_key(connection, public_key_hex(private_key))
    if row is None or row["user_name"] != user_name:
        raise NotPermitted(
            f"that key is not registered to {user_name}: "
            f"make one with `truce keys new --user {user_name} --out FILE`"
        )
    if not row["active"]:
        raise NotPermitted(f"key {row['id']} of {user_name} was retired: make a new one")
    return str(row["id"])


def sign_checkpoint(
    connection: Connection, agreement: Agreement, user_name: str, private_key: Ed25519PrivateKey
) -> tuple[int, str]:
    """Sign the chain head as it is now; returns its entry number and hash."""
    key_id = registered_key_of(connection, agreement, user_name, private_key)
    head = audit_log.chain_head(connection)
    if head is None:
        raise NotPermitted("the chain is empty: there is nothing to sign yet")
    seq, head_hash = head
    key_store.insert_checkpoint(
        connection,
        {
            "seq": seq,
            "head_hash": head_hash,
            "key_id": key_id,
            "by_user": user_name,
            "signature": sign(private_key, checkpoint_message(seq, head_hash)),
            "signed_at": datetime.now(UTC),
        },
    )
    return seq, head_hash
