"""Production paths (wsgi app, worker, scheduler) never import the dev-only pieces."""
import subprocess
import sys

DEV_ONLY = ("fakeredis", "aksandbox", "webapp.embedded", "webapp.devseed", "jobs.devworker")


def _modules_loaded_by(code):
    """Run code in a clean interpreter and list which dev-only modules it imported."""
    probe = code + "\nimport sys; print(','.join(m for m in %r if m in sys.modules))" % (DEV_ONLY,)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env={"PATH": "", "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_wsgi_app_imports_no_dev_modules():
    assert _modules_loaded_by("from wsgi import app; app.test_client().get('/healthz')") == ""


def test_worker_and_scheduler_commands_import_no_dev_modules():
    code = ("from wsgi import app; from jobs.runner import build_worker; from jobs.schedule import "
            "periodic_job_definitions; import jobs.sync; app.cli.list_commands(None)")
    assert _modules_loaded_by(code) == ""
