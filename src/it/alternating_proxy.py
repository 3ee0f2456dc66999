#!/usr/bin/env python3
"""A TCP proxy on loopback that sends each new connection to the next backend in turn.

The conformance suite opens a connection per request, so behind this proxy its requests
alternate between instances: a write on one is read back from the other.
    usage: alternating_proxy.py LISTEN_PORT BACKEND_PORT [BACKEND_PORT ...]
"""
import asyncio
import itertools
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main():
    listen, backends = int(sys.argv[1]), itertools.cycle(int(p) for p in sys.argv[2:])

    async def handle(client_reader, client_writer):
        try:
            backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", next(backends))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, backend_writer), pipe(backend_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
