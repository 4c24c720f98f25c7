"""The emulator's side of the bridge: routes each call to its handler and logs it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bridge.errors import ConfigError, InvalidParams, Unavailable, UnknownMethod
from bridge.protocol import Error, Invoke
from bridge.sessions import Answer, Session
from jsapi.context import Context
from jsapi.pageauth import page_auth

from .calls import Call

if TYPE_CHECKING:
    from .emulator import Emulator

__all__ = ["Dispatcher"]

logger = logging.getLogger("ddemu.emulator")


class Dispatcher:
    """Implements :class:`bridge.sessions.BridgeHandler` for an :class:`Emulator`.

    A session is attached to the device named by its ``?device=`` query
    parameter (the default device otherwise) when it connects, and the device
    sends its events and watch callbacks to it until it closes.
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def opened(self, session: Session) -> None:
        name = session.query.get("device") or self.emulator.device.name
        session.attached = self.emulator.devices.get(name)
        if session.attached is None:
            logger.warning("session %s asked for unknown device %r", session.id, name)
        else:
            session.attached.attach(session)

    def closed(self, session: Session) -> None:
        logger.debug("session %s closed", session.id)
        if session.attached is not None:
            session.attached.detach(session)

    def dispatch(self, session: Session, call: Invoke) -> Any:
        device = session.attached
        if device is None:
            wanted = session.query.get("device", "")
            raise Unavailable(f"no device named {wanted!r} in this emulator")
        if call.is_control:
            return self._control(session, call)
        ctx = Context(device, self.emulator.platform, session, call.method, call.id)
        return self.emulator.registry.call(call.method, call.params, ctx)

    def _control(self, session: Session, call: Invoke) -> Any:
        if call.method == "_ddemu.hello":
            session.hello = dict(call.params)
            device = session.attached
            return {
                "session": session.id,
                "device": device.name,
                "persona": device.persona,
                "corpId": device.corp_id,
                "userid": device.user.userid,
            }
        if call.method == "_ddemu.dispatched":
            # The shim dispatched an event: did the page call preventDefault()?
            prevented = call.params.get("defaultPrevented")
            session.attached.events.acknowledge(
                session,
                str(call.params.get("event", "")),
                prevented if isinstance(prevented, bool) else None,
            )
            return {}
        if call.method == "_ddemu.location":
            # The page changed its URL without loading (history API, #hash):
            # dd.config on iOS signs the URL the page shows now.
            url = call.params.get("url")
            if isinstance(url, str):
                page_auth(session).current_url = url
            return {}
        if call.method == "_ddemu.sensors":
            # The page listens to devicemotion/deviceorientation: stream readings.
            listen = call.params.get("listen")
            if not isinstance(listen, list):
                raise InvalidParams("_ddemu.sensors needs 'listen', a list of event names")
            try:
                return {"listen": session.attached.motion.listen(session, listen)}
            except ConfigError as exc:
                raise InvalidParams(str(exc)) from None
        raise UnknownMethod(f"{call.method} is not a ddemu control message")

    def answered(
        self, session: Session, call: Invoke | None, answer: Answer, duration: float
    ) -> None:
        if call is not None and call.is_control:
            return
        device = session.attached
        error = (
            {"errorCode": answer.code, "errorMessage": answer.message}
            if isinstance(answer, Error)
            else None
        )
        self.emulator.calls.append(
            Call(
                method=call.method if call else "",
                params=call.params if call else {},
                result=None if error else answer.result,  # type: ignore[union-attr]
                error=error,
                duration=duration,
                device=device.name if device else "",
                session=session.id,
                at=self.emulator.clock.now(),
            )
        )

    def crashed(self, session: Session, call: Invoke, exc: BaseException) -> None:
        self.emulator.errors.append(exc)
