"""Test doubles of things outside the BFF: a software WebAuthn authenticator."""
