"""A PulseAudio daemon of our own with one null sink, for tests and benches that need a
real sound device: the app's sound is judged by what a real sound server receives.

Nothing outside the given folder is read or written (``-n``: no system or user
configuration; its own socket, runtime and state folders), and the daemon is started
with ``--daemonize``, whose parent returns only once the daemon is ready, so nobody
polls for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def have_pulseaudio() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl"))


@contextmanager
def private_pulse(folder: Path) -> Iterator[dict[str, str]]:
    """Start the daemon; yield the environment that points a client at it; stop it."""
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "native"
    config = folder / "private.pa"
    config.write_text(
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket}\n"
        "load-module module-null-sink sink_name=bench "
        "sink_properties=device.description=Bench\n"
        "set-default-sink bench\n"
    )
    env = dict(
        os.environ,
        HOME=str(folder),
        PULSE_RUNTIME_PATH=str(folder / "runtime"),
        PULSE_STATE_PATH=str(folder / "state"),
        XDG_CONFIG_HOME=str(folder / "config"),
        PULSE_SERVER=f"unix:{socket}",
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    log = folder / "pulseaudio.log"
    started = subprocess.run(
        [
            "pulseaudio",
            "-n",
            "--daemonize=yes",
            "--use-pid-file=yes",
            "--exit-idle-time=-1",
            "--disallow-exit",
            f"--log-target=file:{log}",
            "-F",
            str(config),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if started.returncode:
        text = log.read_text()[-800:] if log.exists() else started.stderr[-800:]
        raise RuntimeError(f"the private PulseAudio daemon did not start: {text}")
    try:
        yield env
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True, timeout=60)
