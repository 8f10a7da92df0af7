"""Break the Caesar cipher by frequency analysis."""
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
FREQ_FILE = HERE / "data" / "english_letter_freq.csv"
CIPHER_FILE = HERE / "data" / "input" / "ciphertext.txt"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def load_frequencies(path=FREQ_FILE):
    """Read the CSV (columns letter, percent) into a dict letter -> probability.

    The probabilities are normalised so that they sum up to 1.
    """
    # TODO: use csv.DictReader
    raise NotImplementedError


def letter_counts(text):
    """List of 26 counts: how often a, b, ..., z occur in text (any case)."""
    # TODO
    raise NotImplementedError


def chi_squared(counts, freq):
    """Chi-squared statistic of observed counts against expected probabilities."""
    # TODO: sum over all letters of (observed - expected)**2 / expected
    raise NotImplementedError


def best_shift(ciphertext, freq):
    """The shift (0..25) whose decryption of ciphertext looks most like English."""
    # TODO: try all 26 shifts and keep the one with the smallest chi-squared
    raise NotImplementedError


def crack(ciphertext, freq):
    """Return (shift, plaintext); the plaintext is in lower case."""
    # TODO
    raise NotImplementedError


if __name__ == "__main__":
    shift, text = crack(CIPHER_FILE.read_text(encoding="utf-8"), load_frequencies())
    print(f"shift = {shift}")
    print(text)
