"""Runs Airflow's long-running components as one service: API server, scheduler and DAG processor.

The local stack starts this script in its own process group; every component is a child in that group. SIGTERM or
SIGINT (sent to the whole group by ``npm run stack -- down``) stops them all, and this script exits once they have.
If a component exits by itself, the others are stopped and the script exits non-zero, so that ``status`` reports
the service as crashed and the next ``up`` restarts it. Either way, whatever is left of the group (such as executor
workers orphaned by a killed scheduler) is stopped before the script exits. Configuration comes from the
environment (``AIRFLOW_HOME``, ``AIRFLOW__*``), set by the stack.

Usage: python launcher.py [component ...]   (default: api-server scheduler dag-processor)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

COMPONENTS = ("api-server", "scheduler", "dag-processor")
# Extra arguments per component. The scheduler's log server would listen on 0.0.0.0:8793 (Airflow hard-codes the
# address) on a port shared by every stack of the machine; with the LocalExecutor the API server reads task logs
# from the files themselves, so the log server is not needed.
COMPONENT_ARGS = {"scheduler": ["--skip-serve-logs"]}
STOP_GRACE_SECONDS = 20.0
REAP_GRACE_SECONDS = 5.0


def log(message: str) -> None:
    print(f"[launcher] {message}", flush=True)


def stop(children: dict[str, subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM to every running child, SIGKILL to those still running after ``grace`` seconds."""
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + grace
    for name, child in children.items():
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log(f"{name} did not stop in {grace:.0f}s; killing it")
            child.kill()
            child.wait()


def group_members() -> list[int]:
    """The other live processes of this process group, orphaned grandchildren (e.g. executor workers) included."""
    me, group = os.getpid(), os.getpgrp()
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == group and state != "Z":
            members.append(int(entry))
    return members


def reap_group(grace: float) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds, to whatever is left of this script's own process group."""
    if os.getpgrp() != os.getpid() or not Path("/proc").is_dir():
        return  # not the leader of its own group (run by hand): leave the group alone
    for sig in (signal.SIGTERM, signal.SIGKILL):
        members = group_members()
        if not members:
            return
        log(f"sending {sig.name} to {len(members)} leftover process(es) of the group")
        for pid in members:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while group_members() and time.monotonic() < deadline:
            time.sleep(0.2)


def main(components: list[str]) -> int:
    airflow = str(Path(sys.executable).parent / "airflow")
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        log(f"received {signal.Signals(signum).name}; stopping {', '.join(components)}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    children = {name: subprocess.Popen([airflow, name, *COMPONENT_ARGS.get(name, [])]) for name in components}
    log("started " + ", ".join(f"{name} (pid {child.pid})" for name, child in children.items()))
    while not stopping:
        exited = {name: child.returncode for name, child in children.items() if child.poll() is not None}
        if exited:
            log(f"{', '.join(f'{n} exited with {c}' for n, c in exited.items())}; stopping the others")
            stop(children, STOP_GRACE_SECONDS)
            reap_group(REAP_GRACE_SECONDS)
            return 1
        time.sleep(0.5)
    stop(children, STOP_GRACE_SECONDS)
    reap_group(REAP_GRACE_SECONDS)
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(COMPONENTS)))
