"""A few quick checks you can run yourself:  python -m pytest localTests"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from caesar import decrypt, encrypt  # noqa: E402


def test_shift_by_one():
    assert encrypt("abc", 1) == "bcd"


def test_decrypt_undoes_encrypt():
    assert decrypt(encrypt("hello world", 7), 7) == "hello world"
