"""python -m aksandbox --tls-cert/--tls-key: serves https end to end; every bad pair is one clear line, exit 2."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from aksandbox.__main__ import parse_args
from aksandbox.server import start_sandbox
from aksandbox.tls import TlsSetupError
from tests.aksandbox.certs import make_pair

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """A valid throwaway pair, plus a junk file and an encrypted key beside it."""
    directory = tmp_path_factory.mktemp("tls-cli")
    (directory / "junk.pem").write_text("not a certificate\n")
    make_pair(directory, passphrase=b"secret", stem="locked")
    make_pair(directory, stem="stranger")
    return make_pair(directory)


BAD_OPTIONS = [  # argv with {cert}, {key}, {dir} placeholders, and words the error must contain
    ("--tls-cert {cert}", "without a TLS key"),
    ("--tls-key {key}", "without a TLS certificate"),
    ("--tls-cert {dir}/missing.crt --tls-key {key}", "missing.crt' does not exist"),
    ("--tls-cert {cert} --tls-key {dir}", "is a directory"),
    ("--tls-cert {cert}/inner --tls-key {key}", "cannot be read"),
    ("--tls-cert {dir}/junk.pem --tls-key {key}", "does not hold a PEM certificate"),
    ("--tls-cert {cert} --tls-key {dir}/junk.pem", "does not hold a PEM private key"),
    ("--tls-cert {cert} --tls-key {dir}/locked.key", "encrypted with a passphrase"),
    ("--tls-cert {cert} --tls-key {dir}/stranger.key", "is not the private key of"),
]


@pytest.mark.parametrize("template, words", BAD_OPTIONS)
def test_bad_tls_options_exit_2_with_a_clear_line(pair, template, words, capsys):
    argv = template.format(cert=pair.cert, key=pair.key, dir=Path(pair.cert).parent).split()
    with pytest.raises(SystemExit) as exited:
        parse_args(argv)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert words in error and "error:" in error and "Traceback" not in error


def test_start_sandbox_refuses_half_a_pair(pair):
    with pytest.raises(TlsSetupError, match="give both"):
        start_sandbox(tls_cert=pair.cert)


def test_cli_process_reports_a_missing_file_without_traceback(pair):
    result = subprocess.run([sys.executable, "-m", "aksandbox", "--tls-cert", pair.cert + ".gone",
                             "--tls-key", pair.key], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_cli_serves_https_and_says_so(pair):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, "-m", "aksandbox", "--users", "5", "--username", "u",
                                "--password", "p", "--tls-cert", pair.cert, "--tls-key", pair.key],
                               cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = process.stdout.readline()
        assert ready.startswith("aksandbox ready at https://127.0.0.1:") and "(5 users)" in ready
        base_url = ready.split(" at ")[1].split(" ")[0]
        created = requests.post(base_url + "/rest/v1/user/", auth=("u", "p"), json={"email": "cli@example.org"},
                                verify=pair.cert, timeout=10, allow_redirects=False)
        assert created.status_code == 201 and created.headers["Location"].startswith(base_url + "/rest/v1/user/")
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0
