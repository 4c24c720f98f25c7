"""Handlers of the ``util.*`` namespaces."""
