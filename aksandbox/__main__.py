"""CLI: python -m aksandbox --host H --port P --username U --password P [--users N] [--tls-cert F --tls-key F] ..."""
import argparse
import signal
import sys
import threading

from .server import start_sandbox
from .tls import TlsSetupError, load_tls_context

HTTPS_HELP = """\
https: --tls-cert and --tls-key (PEM files, both or neither) serve TLS; the ready line and every
Location header then say https://. Kitbridge refuses loopback and private hosts unless
ACTIONKIT_ALLOW_INSECURE=1, so for a local https sandbox run the app with ACTIONKIT_ALLOW_INSECURE=1
and REQUESTS_CA_BUNDLE=CERT (verification stays on) and connect https://localhost:PORT (the
certificate must name localhost). Outside insecure mode the sandbox needs a public DNS name that
resolves to a public address, with a certificate for that name."""


def build_parser():
    """The command-line options (port 0 picks a free port)."""
    parser = argparse.ArgumentParser(prog="python -m aksandbox", description="ActionKit REST API emulator",
                                     epilog=HTTPS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--username", default="aksandbox")
    parser.add_argument("--password", default="aksandbox")
    parser.add_argument("--users", type=int, default=0, help="seed this many users (0 = empty)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records-per-minute", type=int, default=1000, help="0 = unlimited")
    parser.add_argument("--window-seconds", type=int, default=60, help="length of the record window")
    parser.add_argument("--max-concurrency", type=int, default=0, help="0 = unlimited")
    parser.add_argument("--fail-rate", type=float, default=0.0)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--db", default=":memory:", help="SQLite file (default in memory)")
    parser.add_argument("--tls-cert", metavar="FILE", help="PEM certificate: serve https (needs --tls-key)")
    parser.add_argument("--tls-key", metavar="FILE", help="PEM private key of --tls-cert (unencrypted)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


def parse_args(argv=None):
    """Parse and check the options; a bad TLS pair exits 2 with its reason, before any seeding."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        load_tls_context(args.tls_cert, args.tls_key)
    except TlsSetupError as exc:
        parser.error(str(exc))
    return args


def main(argv=None):
    """Start the sandbox, print the ready line, serve until SIGINT/SIGTERM."""
    args = parse_args(argv)
    handle = start_sandbox(host=args.host, port=args.port, username=args.username, password=args.password,
                           users=args.users, seed=args.seed, records_per_minute=args.records_per_minute,
                           max_concurrency=args.max_concurrency, fail_rate=args.fail_rate,
                           latency_ms=args.latency_ms, db_path=args.db, quiet=not args.verbose,
                           window_seconds=args.window_seconds, tls_cert=args.tls_cert, tls_key=args.tls_key)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"aksandbox ready at {handle.base_url} ({handle.store.counts()['users']} users)", flush=True)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
