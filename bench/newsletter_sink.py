"""A minimal SMTP server that accepts everything and only counts, for the newsletter benchmark.

    .venv/bin/python -m bench.newsletter_sink --port 2525

Speaks just enough SMTP for smtplib (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). On SIGTERM it
prints ``{"messages": N, "bytes": B}`` and exits. Runs in its own process, so it takes its own
share of the machine's CPU, as a real local relay would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys

_END = b"\r\n.\r\n"


class Stats:
    messages = 0
    size = 0


class Sink(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = bytearray()
        self.in_data = False
        self.scanned = 0
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self._step():
            pass

    def _step(self) -> bool:
        if self.in_data:
            end = self.buffer.find(_END, max(0, self.scanned - 4))
            if end < 0:
                self.scanned = len(self.buffer)
                return False
            Stats.messages += 1
            Stats.size += end
            del self.buffer[: end + len(_END)]
            self.in_data, self.scanned = False, 0
            self.transport.write(b"250 2.0.0 ok\r\n")
            return True
        line_end = self.buffer.find(b"\r\n")
        if line_end < 0:
            return False
        verb = bytes(self.buffer[:4]).upper()
        del self.buffer[: line_end + 2]
        self.transport.write(self._answer(verb))
        return not self.transport.is_closing()

    def _answer(self, verb: bytes) -> bytes:
        if verb == b"EHLO":
            return b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n"
        if verb == b"DATA":
            self.in_data = True
            return b"354 go on\r\n"
        if verb == b"QUIT":
            self.transport.write(b"221 bye\r\n")
            self.transport.close()
            return b""
        if verb in {b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"}:
            return b"250 ok\r\n"
        return b"500 unknown command\r\n"


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Sink, "127.0.0.1", port, backlog=256)
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGINT, stop.set_result, None)
    sys.stderr.write(f"sink listening on 127.0.0.1:{port}\n")
    sys.stderr.flush()
    async with server:
        await stop
    sys.stdout.write(json.dumps({"messages": Stats.messages, "bytes": Stats.size}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=2525)
    asyncio.run(serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
