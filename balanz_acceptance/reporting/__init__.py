"""Layer 5 — reporting: HTML report embeds, offer plots, the sign-off page."""
