"""The session engine: a pure state machine over a timeline, on an injected clock."""
