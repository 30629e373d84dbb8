"""Messaging jobs: sending queued texts through the provider, and routing inbound ones."""
