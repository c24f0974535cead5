"""Layer 3 — checks: pyhamcrest matchers and the group safety watch."""
