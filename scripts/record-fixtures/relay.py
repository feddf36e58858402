#!/usr/bin/env python3
"""TCP relay LISTEN_HOST:LISTEN_PORT -> TARGET_HOST:TARGET_PORT (loopback only).

The recorder kills this process with SIGKILL to take the broker away from the
clients (every relayed connection drops and new connects are refused), and
starts it again to bring the broker back, while the broker itself keeps its
in-memory topics and consumer-group state.
"""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(target_host, target_port, client_reader, client_writer):
    try:
        up_reader, up_writer = await asyncio.open_connection(target_host, target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, up_writer), pipe(up_reader, client_writer))


async def main():
    listen_host, listen_port, target_host, target_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    for host in (listen_host, target_host):
        if not host.startswith("127."):
            sys.exit("relay: loopback addresses only")
    server = await asyncio.start_server(
        lambda r, w: handle(target_host, target_port, r, w), listen_host, listen_port, reuse_address=True
    )
    print(f"relay listening on {listen_host}:{listen_port} -> {target_host}:{target_port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
