import subprocess
import sys

import pytest

from cipn_coach.instance_lock import AlreadyRunning, InstanceLock

HOLD = """
import sys, time
from pathlib import Path
from cipn_coach.instance_lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1])); lock.acquire(); print("held", flush=True); time.sleep(30)
"""


def test_a_second_process_cannot_take_the_folder_and_a_killed_holder_frees_it(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning):
            InstanceLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
    lock = InstanceLock(tmp_path)
    lock.acquire()  # the crash left no stale lock behind
    lock.release()
