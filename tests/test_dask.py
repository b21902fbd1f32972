"""--dask-scheduler on a real local Dask cluster: a scheduler and two workers started as separate processes
with Dask's own command line (127.0.0.1, free ports, one thread each, no dashboard), shut down after.

The report must be byte for byte the local run's, in every format; a worker killed mid-run must not lose
or repeat an input; an input a worker cannot read is that input's error.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mail_lint import cluster, units
from mail_lint.cli import main
from mail_lint.config import Config, Settings
from mail_lint.runner import lint_files
from mail_lint.sources import archive

from .conftest import ROOT
from .test_archives import write_maildir, write_mbox

distributed = pytest.importorskip("distributed")
DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalCluster:
    """A scheduler and ``workers`` worker processes (no nanny: a killed worker stays dead)."""

    def __init__(self, workers: int = 2):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes: list[subprocess.Popen] = []
        self._start(["scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1],
                     "--no-dashboard", "--no-show", "--idle-timeout", "300s"])  # gone even if pytest is killed
        self.workers = [self._start(["worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                     "--no-dashboard", "--no-nanny", "--death-timeout", "60"])
                        for _ in range(workers)]
        with distributed.Client(self.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=90)

    def _start(self, arguments: list[str]) -> subprocess.Popen:
        process = subprocess.Popen([str(DASK), *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True, cwd="/")
        self.processes.append(process)
        return process

    def close(self) -> None:
        """Ask the scheduler to shut the cluster down; kill what is still running after a few seconds."""
        try:
            with distributed.Client(self.address, timeout=5, set_as_default=False) as client:
                client.shutdown()
        except Exception:  # noqa: BLE001 - the scheduler is already gone: kill what is left
            pass
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def dask_cluster():
    started = LocalCluster()
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    """Loose drafts, an mbox, a Maildir and a binary file, named relative to the test's folder."""
    folder = tmp_path_factory.mktemp("inputs")
    drafts = folder / "drafts"
    drafts.mkdir()
    for index in range(9):
        text = ("Hi Sam,\n\nThanks for the notes on the budget; the figures are in the sheet.\n" if index % 3 else
                "Hi Sam,\n\nThank you so much for the interview on Monday. I am sorry I was so nervous;\n"
                "my bus was late. Could you tell me what I could have done better?\n")
        (drafts / f"note-{index}.txt").write_text(text, encoding="utf-8")
    (drafts / "broken.txt").write_bytes(b"\x00\x01binary")
    write_mbox(folder / "sent.mbox", 23)
    write_maildir(folder / "Maildir", 7)
    return [str(folder / "drafts"), str(folder / "sent.mbox"), str(folder / "Maildir"),
            str(ROOT / "tests" / "fixtures" / "mail")]


@pytest.fixture
def small_tasks(monkeypatch):
    """Many small tasks, so that every kind of unit is spread over both workers."""
    monkeypatch.setattr(units, "FILES_PER_UNIT", 3)
    monkeypatch.setattr(archive, "MESSAGES_PER_PART", 4)


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_cluster_output_is_byte_for_byte_the_local_output(dask_cluster, inputs, small_tasks, output_format):
    runner = CliRunner()
    arguments = ["--format", output_format, "--assume-followup", *inputs]
    local = runner.invoke(main, arguments)
    remote = runner.invoke(main, ["--dask-scheduler", dask_cluster.address, *arguments])
    assert local.exit_code == 2, local.output  # the binary file is an error, locally and on the cluster
    assert (remote.exit_code, remote.stdout) == (local.exit_code, local.stdout)
    assert remote.stderr == local.stderr
    assert "sent.mbox[23]" in remote.stdout or output_format != "json"  # text shows findings only
    assert "Maildir/cur/" in remote.stdout


def test_per_path_settings_match_names_as_given_relative_to_this_folder(dask_cluster, tmp_path, monkeypatch):
    (tmp_path / ".mail-lint.toml").write_text('assume-followup = true\n[per-path."drafts/*.txt"]\n'
                                              'ignore = ["apology"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "elsewhere").mkdir()
    for name in ("a.txt", "b.md"):
        (tmp_path / "drafts" / name).write_text("I am so sorry I was late to the interview.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "elsewhere")  # the names are ../drafts/...: matched by resolving them
    runner = CliRunner()
    arguments = ["--format", "json", "--config", str(tmp_path / ".mail-lint.toml"), "../drafts"]
    local = runner.invoke(main, arguments)
    remote = runner.invoke(main, ["--dask-scheduler", dask_cluster.address, *arguments])
    assert remote.stdout == local.stdout
    files = {f["path"]: {x["category"] for x in f["findings"]} for f in json.loads(local.stdout)["files"]}
    assert files == {"../drafts/a.txt": set(), "../drafts/b.md": {"apology"}}


def _pipelines_per_worker(address: str) -> dict[str, int]:
    with distributed.Client(address, set_as_default=False) as client:
        return client.run(lambda: len(__import__("mail_lint.api").api._engines))


def test_the_scheduler_can_come_from_the_environment_and_workers_keep_their_pipeline(dask_cluster, inputs,
                                                                                     small_tasks):
    runner = CliRunner()
    local = runner.invoke(main, ["--format", "json", inputs[1]])
    environment = {"MAIL_LINT_DASK_SCHEDULER": dask_cluster.address}
    remote = runner.invoke(main, ["--format", "json", inputs[1]], env=environment)
    assert (remote.exit_code, remote.stdout) == (local.exit_code, local.stdout)
    built = _pipelines_per_worker(dask_cluster.address)
    assert all(count >= 1 for count in built.values()), built  # 23 messages in parts of 4: both workers
    again = runner.invoke(main, ["--format", "json", inputs[1]], env=environment)
    assert again.stdout == local.stdout
    assert _pipelines_per_worker(dask_cluster.address) == built  # the same configuration: nothing rebuilt


def test_an_input_a_worker_cannot_read_is_that_inputs_error(dask_cluster, inputs, tmp_path):
    readable = tmp_path / "fine.txt"
    readable.write_text("Thank you for the interview yesterday.\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (11 * 1024 * 1024))
    items = [str(readable), str(tmp_path / "gone.txt"), str(huge), str(readable)]  # gone: never discovered
    config = Config(settings=Settings(assume_followup=True))
    remote = list(cluster.lint_on_cluster(dask_cluster.address, items, config))
    from mail_lint.patterns import load_patterns

    local = list(lint_files(items, config, load_patterns()))
    assert remote == local
    assert [r.error is not None for r in remote] == [False, True, True, False]
    assert "gone.txt" in remote[1].error and "larger than 10 MB" in remote[2].error


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(units, "FILES_PER_UNIT", 2)
    drafts = []
    for index in range(80):
        path = tmp_path / f"draft-{index:03}.txt"
        path.write_text(f"Hi Lee,\n\nThank you for the interview on day {index}. I was nervous.\n", encoding="utf-8")
        drafts.append(str(path))
    own = LocalCluster()
    try:
        results = cluster.lint_on_cluster(own.address, drafts, Config(settings=Settings(assume_followup=True)))
        seen = [next(results)]
        victim = own.workers[0]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        seen += list(results)
        with distributed.Client(own.address, set_as_default=False) as client:
            assert len(client.nthreads()) == 1  # the run really lost a worker
    finally:
        own.close()
    assert [result.path for result in seen] == drafts  # every draft once, in order
    assert [result.error for result in seen] == [None] * len(drafts)
    assert all(result.findings for result in seen)


def test_an_unreachable_scheduler_is_one_line_and_exit_2(monkeypatch, tmp_path):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    draft = tmp_path / "d.txt"
    draft.write_text("Hello\n", encoding="utf-8")
    started = time.monotonic()
    run = CliRunner().invoke(main, ["--dask-scheduler", f"tcp://127.0.0.1:{free_port()}", str(draft)])
    assert run.exit_code == 2
    assert run.stderr.startswith("mail-lint: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert time.monotonic() - started < 30


def test_without_the_dask_extra_the_error_says_how_to_install_it(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Hello\n", encoding="utf-8")
    code = ("import sys; sys.modules['distributed'] = None\n"  # as if mail-lint[dask] were not installed
            "from mail_lint.cli import main; main()")
    run = subprocess.run([sys.executable, "-c", code, "--dask-scheduler", "tcp://127.0.0.1:1", str(draft)],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr == "mail-lint: --dask-scheduler needs Dask: pip install 'mail-lint[dask]'\n"
    assert run.stdout == ""


def test_a_worker_with_another_version_or_other_patterns_is_refused():
    mine = cluster.worker_identity(())

    class Workers:
        def __init__(self, other):
            self.other = other

        def run(self, function, *args):
            return {"tcp://10.0.0.7:4000": self.other, "tcp://10.0.0.8:4000": function(*args)}

    with pytest.raises(cluster.ClusterError, match="worker tcp://10.0.0.7:4000 has other pattern files"):
        cluster._check_workers(Workers((mine[0], "another digest")), "tcp://x:1", Config())
    with pytest.raises(cluster.ClusterError, match="worker tcp://10.0.0.7:4000 has mail-lint 0.0.1 "):
        cluster._check_workers(Workers(("0.0.1", mine[1])), "tcp://x:1", Config())
    cluster._check_workers(Workers(mine), "tcp://x:1", Config())  # the same: accepted
