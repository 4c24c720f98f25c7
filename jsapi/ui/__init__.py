"""Handlers of the ``ui.*`` native namespaces."""
