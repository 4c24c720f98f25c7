"""The bridge between H5 pages and ddemu: a sans-I/O protocol and a websocket server."""

from __future__ import annotations

from .errors import *  # noqa: F403
from .errors import __all__ as _errors_all
from .protocol import *  # noqa: F403
from .protocol import __all__ as _protocol_all
from .server import *  # noqa: F403
from .server import __all__ as _server_all
from .sessions import *  # noqa: F403
from .sessions import __all__ as _sessions_all

__all__ = [*_errors_all, *_protocol_all, *_server_all, *_sessions_all]
