"""The bare relay the chat bench compares against: a `websockets` server that pairs two
sockets per room (/room/<id>/<side>) and forwards each text frame to the other side.
No persistence, no channel layer, no authentication: the floor for latency on this machine.

    python bench/relay_baseline.py --port 9100
"""

import argparse
import asyncio

import websockets

rooms: dict[str, dict[str, object]] = {}


async def handler(ws):
    parts = ws.request.path.strip("/").split("/")
    if len(parts) != 3 or parts[0] != "room":
        await ws.close(code=4404)
        return
    room, side = parts[1], parts[2]
    members = rooms.setdefault(room, {})
    members[side] = ws
    try:
        async for frame in ws:
            for other_side, other in list(members.items()):
                if other_side != side:
                    try:
                        await other.send(frame)
                    except websockets.ConnectionClosed:
                        pass
    finally:
        if members.get(side) is ws:
            del members[side]


async def main(port):
    async with websockets.serve(handler, "127.0.0.1", port, max_queue=64, ping_interval=20, compression=None):
        await asyncio.Future()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=9100)
    asyncio.run(main(parser.parse_args().port))
