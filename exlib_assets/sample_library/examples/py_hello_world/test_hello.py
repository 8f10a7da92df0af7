"""Tests for the hello world exercise (not shown to students)."""
import subprocess
import sys
from pathlib import Path

from hello import greet

HERE = Path(__file__).resolve().parent


def test_default_greeting():
    assert greet() == "Hello, World!"


def test_named_greeting():
    assert greet("Ada") == "Hello, Ada!"


def test_blank_name_falls_back_to_world():
    assert greet("   ") == "Hello, World!"


def test_script_prints_greeting():
    out = subprocess.run(
        [sys.executable, str(HERE / "hello.py")],
        capture_output=True, text=True, check=True,
    ).stdout
    assert out.strip() == "Hello, World!"
