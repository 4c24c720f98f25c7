"""The one error tree of ddemu.

Every error that ddemu raises on purpose derives from :class:`DdemuError`::

    DdemuError
    ├── ProtocolError              a bridge message that cannot be understood
    ├── JsapiError(code, message)  a JSAPI call that fails; crosses into the page
    │   ├── Cancelled              "-1"  the user cancelled
    │   ├── UnknownMethod          "1"   no such native method (also a LookupError)
    │   ├── InvalidParams          "3"   wrong or missing params (also a ValueError)
    │   ├── PermissionDenied       "7"   not allowed for this page or user
    │   ├── Unavailable            "9"   the device cannot do it right now
    │   ├── CallTimeout            "11"  nobody answered in time (also a TimeoutError)
    │   ├── InternalError          "12"  ddemu itself failed; the traceback is in the log
    │   └── ConfigRejected         "52010"-"52019"  dd.config refused (the code says why)
    ├── ConfigError                bad configuration given to ddemu (also a ValueError)
    ├── OfflinePackageError        an offline package that cannot be used
    └── QrLoginError               a QR login that cannot go where it was asked to

A :class:`JsapiError` becomes ``{"errorCode": code, "errorMessage": message}``
at the page boundary, with string codes as the real client sends them. The
codes and their meaning are listed in :data:`ERROR_CODES`.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "ERROR_CODES",
    "CallTimeout",
    "Cancelled",
    "ConfigError",
    "ConfigRejected",
    "DdemuError",
    "InternalError",
    "InvalidParams",
    "JsapiError",
    "OfflinePackageError",
    "PermissionDenied",
    "ProtocolError",
    "QrLoginError",
    "Unavailable",
    "UnknownMethod",
]

#: Every ``errorCode`` ddemu sends to a page, with its meaning. "-1", "1", "3",
#: "7" and the "520xx" of ``dd.config`` are the real client's codes (the JS
#: library retries on "7" and calls ``onCancel`` on "-1"); the others are
#: ddemu's, chosen so they never collide.
ERROR_CODES: dict[str, str] = {
    "-1": "cancelled by the user",
    "1": "no such method in this container",
    "3": "invalid params",
    "7": "no permission",
    "9": "unavailable on the device right now",
    "11": "no answer before the timeout",
    "12": "internal error in ddemu (see its log)",
    "52010": "dd.config: invalid corpId (无效的corpid)",
    "52013": "dd.config: the signature does not verify (签名校验失败)",
    "52014": "dd.config: invalid url (无效的url参数)",
    "52015": "dd.config: invalid nonceStr (无效的随机字符串参数)",
    "52016": "dd.config: invalid signature (无效的签名参数)",
    "52017": "dd.config: invalid jsApiList (无效的jsapi列表参数)",
    "52018": "dd.config: invalid timeStamp (无效的时间戳)",
    "52019": "dd.config: invalid agentId (无效的agentid)",
}


class DdemuError(Exception):
    """Base class of every error ddemu raises on purpose."""


class ProtocolError(DdemuError):
    """A bridge message could not be parsed.

    Args:
        message: What is wrong, for the page and the log.
        id: The message id when it could be read, so the answer can carry it.
    """

    def __init__(self, message: str, id: Any = None) -> None:
        super().__init__(message)
        self.id = id


class JsapiError(DdemuError):
    """A JSAPI call failed; the page receives ``{errorCode, errorMessage}``.

    Subclasses fix :attr:`code`; raise ``JsapiError(message, code="...")`` for
    a code without a subclass.
    """

    code: ClassVar[str] = "12"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code  # type: ignore[misc]

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def to_wire(self) -> dict[str, str]:
        """Return the container's error shape with a string code."""
        return {"errorCode": self.code, "errorMessage": self.message}


class Cancelled(JsapiError):
    """The user cancelled (a picker, a scan, a dialog)."""

    code = "-1"


class UnknownMethod(JsapiError, LookupError):
    """No native method of that name exists in this container."""

    code = "1"


class InvalidParams(JsapiError, ValueError):
    """A parameter is missing or has the wrong type or value."""

    code = "3"


class PermissionDenied(JsapiError):
    """The page or the user may not call this method."""

    code = "7"


class Unavailable(JsapiError):
    """The device cannot do this right now (no position, no camera ...)."""

    code = "9"


class CallTimeout(JsapiError, TimeoutError):
    """Nobody answered the call before its timeout."""

    code = "11"


class InternalError(JsapiError):
    """ddemu failed while handling a call; details go to the log only."""

    code = "12"


class ConfigRejected(JsapiError):
    """The container refused a page's ``dd.config``; ``dd.error`` receives it.

    The code is one of the client's ``"52010"`` ... ``"52019"`` (see
    :data:`ERROR_CODES`); give it with ``code=``. Not to be confused with
    :class:`ConfigError`, which is about ddemu's own configuration.
    """

    code = "52013"


class ConfigError(DdemuError, ValueError):
    """Configuration given to ddemu is wrong; the message says where."""


class OfflinePackageError(DdemuError):
    """An offline package is missing, broken, expired or not trusted."""


class QrLoginError(DdemuError):
    """A QR login cannot make this step: unknown, expired, or already decided."""
