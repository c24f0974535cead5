"""Layer 2 — the system under test and its clients: processes, the stack, websocket channels, API clients."""
