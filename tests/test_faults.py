"""Issue 6, faults: the machine misbehaves while `generate` runs.

Each ends in a clear message, a documented non-zero exit code (2: the output
cannot be written; 3: the spec is invalid), no traceback, and the previous
output intact (byte for byte, no scratch folder left beside it):

* the output folder is read-only (really: mode 0555, with root's capabilities
  to ignore that dropped; and EROFS, a file system mounted read-only, simulated);
* the disk fills up (ENOSPC on the first byte, and half-way through);
* a full disk under the cache folder only: generation still succeeds;
* two runs at once on one output (they take turns: both succeed, the output is
  one run's, whole); a lock held by someone else (refused after the timeout);
* a page deleted, or replaced by a folder, a symlink, a named pipe or an
  unreadable file, between discovery and reading; the spec folder removed;
* the output path is a file;
* Ctrl-C at random moments;
* a killed run's worker processes (kill -9 is in test_workflow.py).

Faults are injected in a child process by ``tests/tools/faultshim`` (a
``sitecustomize`` on PYTHONPATH), or in process with monkeypatch.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.helpers import OPT, REQ, link, page, write_spec

SHIM = Path(__file__).parent / "tools" / "faultshim"


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def pages(n: int, variant: str = "") -> dict[str, str]:
    out = {}
    for i in range(n):
        rows = [(f"f{j}", "*::String*", REQ if j % 2 else OPT, f"Field {j}{variant}.") for j in range(6)]
        rows.append(("next", link(f"M{(i + 1) % n}", f"m{(i + 1) % n}"), OPT, ""))
        out[f"models/shared/m{i}.md"] = page(f"M{i}", rows)
    return out


def run(*args: str, cwd: Path, fault: str | None = None, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SHIM), str(ROOT)]), **(env or {}))
    full.pop("MDCODEGEN_FAULT", None)
    if fault:
        full["MDCODEGEN_FAULT"] = fault
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=full, capture_output=True, text=True, timeout=timeout
    )


class Setup:
    """A spec, its package already generated, and the spec changed since."""

    def __init__(self, tmp: Path, n: int = 12) -> None:
        self.tmp = tmp
        self.spec = write_spec(tmp / "spec", pages(n))
        self.out = tmp / "out"
        self.args = ("generate", str(self.spec), "-o", str(self.out), "--package", "p", "--no-cache")
        first = run_cli(*self.args, cwd=tmp)
        assert first.returncode == 0, first.stderr
        self.old = tree(self.out / "p")
        write_spec(self.spec, pages(n, variant=" (changed)"))

    def assert_intact(self) -> None:
        assert tree(self.out / "p") == self.old
        assert sorted(p.name for p in self.out.iterdir()) == ["p"], "scratch folders left behind"


def assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") or "error(s)" in last, last
    for w in words:
        assert w in proc.stderr, (w, proc.stderr[-1000:])


# --- the output cannot be written ------------------------------------------------------


def test_read_only_file_system(tmp_path: Path) -> None:
    s = Setup(tmp_path)
    proc = run(*s.args, cwd=tmp_path, fault=f"erofs:{s.out}")
    assert_clean_failure(proc, 2, "Read-only file system", "previous output is unchanged")
    s.assert_intact()
    assert run(*s.args, cwd=tmp_path).returncode == 0  # and the next run goes through


def _drop_dac() -> None:
    """In the child, before exec: root loses the capabilities that bypass file
    permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so mode bits apply."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(97)


def test_read_only_output_folder(tmp_path: Path) -> None:
    """Real permissions: the folder holding the package is not writable (as root,
    with the capabilities that ignore permissions dropped)."""
    s = Setup(tmp_path)
    os.chmod(s.out, 0o555)
    os.chmod(s.out / "p", 0o555)
    preexec = _drop_dac if os.geteuid() == 0 else None
    try:
        probe = subprocess.run([sys.executable, "-c", f"open({str(s.out / 'x')!r}, 'w')"], preexec_fn=preexec,
                               capture_output=True, text=True)  # fmt: skip
        if probe.returncode == 97 or "PermissionError" not in probe.stderr:
            pytest.skip("cannot make a folder read-only for this user here")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.run([sys.executable, "-m", "generator", *s.args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300, preexec_fn=preexec)  # fmt: skip
        assert_clean_failure(proc, 2, "Permission denied", "previous output is unchanged")
        s.assert_intact()
    finally:
        os.chmod(s.out, 0o755)
        os.chmod(s.out / "p", 0o755)


@pytest.mark.parametrize("budget", [0, 20_000])
def test_disk_full(tmp_path: Path, budget: int) -> None:
    """ENOSPC on the first byte, or after 20 KB of the new package."""
    s = Setup(tmp_path)
    proc = run(*s.args, cwd=tmp_path, fault=f"enospc:{s.out}:{budget}")
    assert_clean_failure(proc, 2, "No space left on device", "previous output is unchanged")
    s.assert_intact()


def test_disk_full_under_the_cache_only_is_not_an_error(tmp_path: Path) -> None:
    s = Setup(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    args = [a for a in s.args if a != "--no-cache"]
    proc = run(*args, cwd=tmp_path, fault=f"enospc:{cache}", env={"MDCODEGEN_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert tree(s.out / "p") != s.old


def test_a_corrupt_cache_is_only_a_miss(tmp_path: Path) -> None:
    s = Setup(tmp_path)
    cache = tmp_path / "cache"
    args = [a for a in s.args if a != "--no-cache"]
    env = {"MDCODEGEN_CACHE_DIR": str(cache)}
    assert run(*args, cwd=tmp_path, env=env).returncode == 0
    good = tree(s.out / "p")
    rng = random.Random(6)
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files
    for p in files:
        data = p.read_bytes()
        p.write_bytes(rng.choice([b"", data[: len(data) // 2], bytes(rng.randrange(256) for _ in range(64)), b"{}", b"[1]"]))
    write_spec(s.spec, pages(12, variant=" (changed again)"))
    proc = run(*args, cwd=tmp_path, env=env)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    write_spec(s.spec, pages(12, variant=" (changed)"))
    assert run(*args, cwd=tmp_path, env=env).returncode == 0
    assert tree(s.out / "p") == good


def test_output_path_is_a_file(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", pages(2))
    (tmp_path / "file").write_text("not a folder")
    for out in (tmp_path / "file", tmp_path / "file" / "deeper"):
        proc = run_cli("generate", str(spec), "-o", str(out), "--package", "p", cwd=tmp_path)
        assert_clean_failure(proc, 2)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "p").write_text("a file where the package goes")
    proc = run_cli("generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p", cwd=tmp_path)
    assert_clean_failure(proc, 2)
    assert (tmp_path / "out" / "p").read_text() == "a file where the package goes"


# --- concurrent runs ---------------------------------------------------------------------


def test_two_runs_at_once_take_turns(tmp_path: Path) -> None:
    spec_a = write_spec(tmp_path / "a", pages(40))
    spec_b = write_spec(tmp_path / "b", pages(40, variant=" (b)"))
    out = tmp_path / "out"
    expected = {}
    for name, spec in (("a", spec_a), ("b", spec_b)):
        solo = tmp_path / f"solo-{name}"
        assert run_cli("generate", str(spec), "-o", str(solo), "--package", "p", "--no-cache", "-q", cwd=tmp_path).returncode == 0
        expected[name] = tree(solo / "p")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for round_ in range(2):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--package", "p",
                 "--no-cache", "--force", "-q"],
                cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            for spec in ((spec_a, spec_b) if round_ % 2 == 0 else (spec_b, spec_a))
        ]
        results = [p.communicate(timeout=300) for p in procs]
        for p, (_, err) in zip(procs, results):
            assert p.returncode == 0, err[-2000:]
            assert "Traceback" not in err
        final = tree(out / "p")
        assert final in (expected["a"], expected["b"]), "a mix of two runs' output"
        assert sorted(p.name for p in out.iterdir()) == ["p"]


def test_a_held_lock_is_refused_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import workflow
    from generator.config import Settings
    from generator.output.writer import Lock

    s = Setup(tmp_path)
    monkeypatch.setattr(workflow, "Lock", functools.partial(Lock, timeout=1.0))
    with Lock(str(s.out / "p")):  # another writer (a separate open file: flock conflicts)
        settings = Settings(spec=str(s.spec), output=str(s.out), package="p", cache=False)
        code = workflow.run_generate(settings, quiet=True)
    err = capsys.readouterr().err
    assert code == 2
    assert "another mdcodegen run is writing" in err and "Traceback" not in err
    s.assert_intact()


# --- the spec changes under the run --------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "folder", "symlink", "fifo", "unreadable"])
def test_page_changed_between_discovery_and_reading(
    tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator import sources, workflow
    from generator.config import Settings

    s = Setup(tmp_path)
    victim = s.spec / "models" / "shared" / "m3.md"
    discover = sources.discover

    def racing_discover(*args: object, **kwargs: object) -> list[str]:
        found = discover(*args, **kwargs)  # type: ignore[arg-type]
        victim.unlink()
        if how == "folder":
            victim.mkdir()
        elif how == "symlink":
            victim.symlink_to(s.spec / "models" / "shared" / "m4.md")
        elif how == "fifo":
            os.mkfifo(victim)
        elif how == "unreadable":
            victim.write_text("# M3\n")
            victim.chmod(0)
            if os.geteuid() == 0:  # root reads it anyway: fail the read itself
                monkeypatch.setattr(sources.os, "open", _failing_open(victim, sources.os.open))
        return found

    monkeypatch.setattr(sources, "discover", racing_discover)
    settings = Settings(spec=str(s.spec), output=str(s.out), package="p", cache=False)
    t0 = time.perf_counter()
    code = workflow.run_generate(settings, quiet=True)
    assert time.perf_counter() - t0 < 120  # a named pipe must not block the read
    err = capsys.readouterr().err
    assert code == 3, err
    assert "models/shared/m3.md:1:1: error:" in err and "[E001]" in err, err
    assert "nothing written" in err
    s.assert_intact()


def _failing_open(victim: Path, real: object) -> object:
    import errno

    def fake(path: object, *args: object, **kwargs: object) -> int:
        if os.fspath(path) == str(victim):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[operator,no-any-return]

    return fake


def test_a_named_pipe_page_is_refused_not_waited_for(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", pages(2))
    os.mkfifo(spec / "models" / "shared" / "pipe.md")
    proc = run_cli("lint", str(spec), cwd=tmp_path)  # a hang would hit run_cli's timeout
    assert proc.returncode == 1
    assert "pipe.md:1:1: error: not a regular file" in proc.stdout


def test_spec_folder_removed_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import sources, workflow
    from generator.config import Settings

    s = Setup(tmp_path)
    walk = sources.os.walk

    def vanishing_walk(root: str, *args: object, **kwargs: object) -> object:
        shutil.rmtree(root)
        return walk(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sources.os, "walk", vanishing_walk)
    settings = Settings(spec=str(s.spec), output=str(s.out), package="p", cache=False)
    code = workflow.run_generate(settings, quiet=True)
    err = capsys.readouterr().err
    assert code == 3, err
    assert "error: cannot read folder: No such file or directory [E001]" in err
    s.assert_intact()


# --- interrupted runs --------------------------------------------------------------------


def test_ctrl_c_at_random_moments(tmp_path: Path) -> None:
    """SIGINT: no traceback, a non-zero exit, the old package or the new one."""
    s = Setup(tmp_path, n=60)
    shadow = tmp_path / "shadow"
    assert run_cli("generate", str(s.spec), "-o", str(shadow), "--package", "p", "--no-cache", "-q", cwd=tmp_path).returncode == 0
    new = tree(shadow / "p")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t0 = time.perf_counter()
    check = run_cli(*s.args, "--check", cwd=tmp_path)
    duration = max(time.perf_counter() - t0, 1.0)
    assert check.returncode == 1
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "generator", *s.args, "-q"], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(rng.uniform(0.2, duration))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        state = tree(s.out / "p")
        assert state in (s.old, new), "an interrupted run left a mix"
        if proc.returncode != 0:
            assert "Traceback" not in err, err[-2000:]
            assert proc.returncode in (1, 2, 130, -signal.SIGINT), proc.returncode
        if state == new:
            break
    assert run_cli(*s.args, cwd=tmp_path).returncode == 0
    assert tree(s.out / "p") == new
    assert sorted(p.name for p in s.out.iterdir()) == ["p"]


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    out.add(int(entry))
            except OSError:
                continue
    return out


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_killing_a_run_leaves_no_worker_processes(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "spec", pages(200))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(tmp_path / "out"), "--package", "p",
         "--no-cache", "-q", "-j", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.02)
    if not workers:
        proc.wait()
        pytest.fail("the run started no worker process to check (too little work?)")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(3)
    alive = {pid for pid in workers if os.path.exists(f"/proc/{pid}") and _state(pid) != "Z"}
    for pid in alive:  # started by this test: clean up
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert not alive, f"{len(alive)} worker processes outlived the killed run"


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
