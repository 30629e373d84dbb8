"""A light asyncio HTTP/1.1 load client (keep-alive connections), so the client leaves the CPU to the server."""
import asyncio
import time
from urllib.parse import urlsplit


def percentile(values, share):
    """The value below which `share` of the sorted values fall (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def form_request(host, path, body):
    """The raw bytes of one form-encoded POST on a keep-alive connection."""
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n")
    return head.encode() + body


async def _read_response(reader):
    """Status code of one response, its body read (Content-Length framing, as gunicorn answers)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("server closed the connection")
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def _connection(url, bodies, results):
    """One keep-alive connection posting its share of the bodies one after another."""
    parts = urlsplit(url)
    reader, writer = None, None
    for body in bodies:
        for _attempt in range(3):
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
                started = time.perf_counter()
                writer.write(form_request(parts.netloc, parts.path, body))
                status = await _read_response(reader)
                results.append((status, time.perf_counter() - started))
                break
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                writer = None  # gunicorn closes idle or busy keep-alives; reconnect and send again
        else:
            results.append((None, 0.0))
    if writer is not None:
        writer.close()


def post_all_elsewhere(url, bodies, connections=32):
    """post_all in a child process: aksandbox's threads in this one would share its GIL with the client."""
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(post_all, (url, bodies, connections))


def post_all(url, bodies, connections=32):
    """POST every body over `connections` concurrent keep-alive connections; returns ([(status, s)], wall s)."""
    shares = [bodies[index::connections] for index in range(connections)]
    results = []

    async def main():
        """All connections at once."""
        await asyncio.gather(*(_connection(url, share, results) for share in shares if share))
    started = time.perf_counter()
    asyncio.run(main())
    return results, time.perf_counter() - started
