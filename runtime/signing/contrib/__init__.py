"""Agency signer and trust-root backends."""
