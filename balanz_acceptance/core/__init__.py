"""Layer 1 — core: settings, the test site's model, timing profiles, waiting, the per-scenario record, progress.

Nothing here knows balanz or ocppsim; every other layer may use it.
"""
