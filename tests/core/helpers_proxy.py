"""A real TCP proxy on 127.0.0.1 that injects network faults between the console and the server.

Not a mock: bytes really travel to the real server process and back. Faults:
  drop_command_answers = n   the next n POST /api/v1/commands are forwarded, the server acts and
                             answers, and the proxy throws the answer away and cuts the connection
                             (the client never learns the outcome)
  blackhole()                stop forwarding in both directions but keep connections open, like a
                             cable pulled somewhere along the way (no FIN, no RST)
  cut()                      close every open connection at once
  fail_marked = b"…"         a request whose bytes hold this marker is answered HTTP 500 by the
                             proxy and never reaches the server (a server bug, which a fixed
                             server cannot be made to show on purpose); `failed` counts them
"""
from __future__ import annotations

import asyncio
import threading


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.drop_command_answers = 0
        self.dropped = 0
        self.fail_marked: bytes | None = None
        self.failed = 0
        self._holes = False
        self._loop = asyncio.new_event_loop()
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fault-proxy", daemon=True)
        self._thread.start()
        self._ready.wait(5)
        self.url = f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def set_target(self, host: str, port: int) -> None:
        """Point new connections at another server (e.g. the restarted one on a new port)."""
        self.target = (host, port)

    def blackhole(self, on: bool = True) -> None:
        self._holes = on

    def cut(self) -> None:
        def _cut() -> None:
            for w in list(self._writers):
                w.transport.abort()
        self._loop.call_soon_threadsafe(_cut)

    def close(self) -> None:
        async def _close() -> None:
            self._server.close()
            for w in list(self._writers):
                w.transport.abort()
        asyncio.run_coroutine_threadsafe(_close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _handle(self, creader: asyncio.StreamReader, cwriter: asyncio.StreamWriter) -> None:
        try:
            sreader, swriter = await asyncio.open_connection(*self.target)
        except OSError:
            cwriter.transport.abort()
            return
        self._writers.update((cwriter, swriter))
        state = {"drop": False}

        async def upstream() -> None:
            while data := await creader.read(65536):
                while self._holes:
                    await asyncio.sleep(0.05)
                if self.fail_marked is not None and self.fail_marked in data:
                    self.failed += 1
                    body = b'{"detail":"Internal Server Error"}'
                    cwriter.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                                  b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
                    await cwriter.drain()
                    return
                if b"POST /api/v1/commands" in data and self.drop_command_answers > 0:
                    self.drop_command_answers -= 1
                    state["drop"] = True
                swriter.write(data)
                await swriter.drain()

        async def downstream() -> None:
            while data := await sreader.read(65536):
                while self._holes:
                    await asyncio.sleep(0.05)
                if state["drop"]:
                    # The server has acted and answered; the client must never see it.
                    self.dropped += 1
                    cwriter.transport.abort()
                    return
                cwriter.write(data)
                await cwriter.drain()

        tasks = [asyncio.ensure_future(upstream()), asyncio.ensure_future(downstream())]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        except Exception:  # noqa: BLE001 - a broken pipe on either side ends the pair
            pass
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for w in (cwriter, swriter):
                self._writers.discard(w)
                w.transport.abort()
