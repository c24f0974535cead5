"""Layer 4 — actors: the per-scenario world and who acts in it (chargers/drivers, operator, API users, records)."""
