"""Layer 6 — the runner: behave hooks' work and the parallel runner."""
