"""Serving the sandbox over https: a checked certificate/key pair and a server whose handshakes never stall it.

Every problem with the files is a TlsSetupError whose message names the file and what is wrong,
so the CLI can print it instead of a traceback (and before seeding thousands of users).
"""
import socket
import ssl

CERT_MARK = b"-----BEGIN CERTIFICATE-----"
KEY_MARK = b"PRIVATE KEY-----"


class TlsSetupError(ValueError):
    """The certificate or key cannot serve TLS; the message says which file and why."""


class _EncryptedKey(Exception):
    """Raised by the password callback: a passphrase prompt would hang a server started unattended."""


def load_tls_context(cert_path, key_path):
    """A server SSLContext for the pair, or None when neither is given (plain http)."""
    if not cert_path and not key_path:
        return None
    if not cert_path or not key_path:
        given, missing = ("certificate", "key") if cert_path else ("key", "certificate")
        raise TlsSetupError(f"A TLS {given} was given without a TLS {missing}: give both "
                            "--tls-cert FILE and --tls-key FILE (or neither for plain http).")
    _require_pem(cert_path, "certificate", CERT_MARK)
    _require_pem(key_path, "private key", KEY_MARK)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert_path, key_path, password=_refuse_passphrase)
    except _EncryptedKey:
        raise TlsSetupError(f"TLS key file {key_path!r} is encrypted with a passphrase; "
                            "give an unencrypted key.") from None
    except ssl.SSLError as exc:
        raise TlsSetupError(_load_failure(cert_path, key_path, exc)) from None
    return context


def _require_pem(path, what, mark):
    """Read the file now, so a missing, unreadable or wrong file is named before anything starts."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise TlsSetupError(f"TLS {what} file {path!r} does not exist.") from None
    except IsADirectoryError:
        raise TlsSetupError(f"TLS {what} file {path!r} is a directory, not a file.") from None
    except OSError as exc:
        raise TlsSetupError(f"TLS {what} file {path!r} cannot be read: {exc.strerror or exc}.") from None
    if mark not in data:
        raise TlsSetupError(f"TLS {what} file {path!r} does not hold a PEM {what} "
                            f"(no '{mark.decode().strip('-')}' block).")


def _refuse_passphrase():
    """Never prompt on the terminal for a key passphrase."""
    raise _EncryptedKey()


def _load_failure(cert_path, key_path, exc):
    """Words for OpenSSL's refusal: a key of another certificate, or a damaged PEM block."""
    if "KEY_VALUES_MISMATCH" in str(exc):
        return f"TLS key file {key_path!r} is not the private key of certificate {cert_path!r}."
    return f"TLS certificate {cert_path!r} with key {key_path!r} could not be loaded ({exc.reason or exc})."


def serve_tls(server, context):
    """Wrap a werkzeug server's listening socket, handshaking in each request's thread.

    werkzeug's own wrapping handshakes inside accept(), on the one thread that accepts every
    connection: a client that connects and never speaks TLS would stall the whole sandbox (and stop()).
    """
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.ssl_context = context  # werkzeug reads it for wsgi.url_scheme = "https"
    _accept_without_nagle(server)
    return server


def _accept_without_nagle(server):
    """Send each answer at once: after the handshake's last flight Nagle held it for the client's delayed ACK.

    Measured on loopback: ~11 ms from request to first response byte with Nagle, ~1 ms without."""
    accept = server.get_request

    def get_request():
        connection, address = accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address

    server.get_request = get_request
