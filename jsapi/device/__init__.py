"""Handlers of the ``device.*`` native namespaces."""
