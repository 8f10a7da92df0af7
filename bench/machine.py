"""What a run was measured on, by whom it can be reproduced, and how busy the machine was."""

import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version

from bench.sizes import Sizes


@dataclass
class RunInfo:
    command: str
    sizes: Sizes
    date: str = field(default_factory=lambda: f"{datetime.now(UTC):%Y-%m-%d %H:%M}")
    load: tuple[float, float, float] = field(default_factory=os.getloadavg)
    machine: str = field(default_factory=lambda: describe_machine())
    software: str = field(default_factory=lambda: describe_software())
    seconds: float = 0.0


def describe_machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({_cpu_model()}), {memory:.0f} GiB memory, {platform.system()} {platform.machine()}"


def describe_software() -> str:
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return f"Python {platform.python_version()}, dagster {version('dagster')}, {git}, SQLite embedded default"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
