"""Handlers of the ``biz.*`` native namespaces."""
