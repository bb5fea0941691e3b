"""Ed25519 keys for co-chairs: making them, keeping the private half out of the database,
signing checkpoints and sign-offs, and checking signatures.

What is signed is plain ASCII text (``checkpoint_message``, ``signoff_message``), so that a
verifier needs nothing but an Ed25519 implementation to check it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from truce.errors import Conflict, InvalidInput


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_hex(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return raw.hex()


def key_id_of(public_hex: str) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw public bytes."""
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16]


def write_private_key(private_key: Ed25519PrivateKey, path: Path) -> None:
    """Write the key as PKCS #8 PEM, readable by its owner only (0600); never overwrite."""
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise Conflict(
            f"{path} already exists: choose another --out, keys are never overwritten"
        ) from None
    except OSError as error:
        raise InvalidInput("--out", f"cannot write {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def read_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput("--key", f"cannot read {path}: {error.strerror}") from None
    return load_private_key(data, name=str(path), field="--key")


def load_private_key(data: bytes, *, name: str, field: str) -> Ed25519PrivateKey:
    """The Ed25519 key in PEM ``data`` (a file the CLI read, or one uploaded to a page)."""
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise InvalidInput(field, f"{name} is not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(field, f"{name} is not an Ed25519 key (`truce keys new` makes one)")
    return key


def sign(private_key: Ed25519PrivateKey, message: str) -> str:
    return private_key.sign(message.encode("ascii")).hex()


def signature_holds(public_hex: str, message: str, signature_hex: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
        public.verify(bytes.fromhex(signature_hex), message.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


def checkpoint_message(seq: int, head_hash: str) -> str:
    """What a co-chair signs to vouch for the chain up to entry ``seq``."""
    return f"truce-checkpoint/1 seq={seq} head={head_hash}"


def signoff_message(incident_id: int, version: int, decision: str, version_hash: str) -> str:
    """What a co-chair signs to verify or refuse one version of an incident.

    ``version_hash`` is the hash of the chain entry that recorded that version.
    """
    return (
        f"truce-signoff/1 incident={incident_id} version={version} "
        f"decision={decision} version-hash={version_hash}"
    )
