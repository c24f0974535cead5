"""Layer 1 — core: settings, the test site's model, timing profiles, waiting, the per-scenario record, progress.

Nothing here talks to balanz or ocppsim (no process, no connection); it knows only their files: the site
model, their configurations and balanz's schedule format. Every other layer may use it.
"""
