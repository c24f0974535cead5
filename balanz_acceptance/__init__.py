"""Harness of the balanz acceptance suite: stack management, clients, waiting and reporting."""
