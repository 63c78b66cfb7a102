"""A Python `websockets` echo server for the interop tests (Debian's python3-websockets).

Usage: python3 websockets_server.py <deflate|plain>
Prints "LISTENING <port>" once it accepts connections on 127.0.0.1.
"""
import asyncio
import sys

import websockets


async def echo(websocket, path=None):
    async for message in websocket:
        await websocket.send(message)


async def main(setting):
    compression = {"deflate": "deflate", "plain": None}[setting]
    async with websockets.serve(echo, "127.0.0.1", 0, subprotocols=["v2.chat", "v1.chat"],
                                compression=compression, max_size=None) as server:
        port = server.sockets[0].getsockname()[1]
        print("LISTENING", port, flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
