#!/usr/bin/env python3
"""Verifies a Standard Webhooks signature, independently of the Java signer (docs/alerts.md).

Usage: verify_webhook.py SECRET WEBHOOK_ID WEBHOOK_TIMESTAMP WEBHOOK_SIGNATURE < body
Exits 0 when one of the signatures in the header matches, 1 otherwise.
"""
import base64
import hashlib
import hmac
import sys


def verify(secret, msg_id, timestamp, signature_header, body):
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in signature_header.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


if __name__ == "__main__":
    secret, msg_id, timestamp, header = sys.argv[1:5]
    sys.exit(0 if verify(secret, msg_id, timestamp, header, sys.stdin.buffer.read()) else 1)
