"""Handlers of the ``runtime.*`` native namespaces."""
