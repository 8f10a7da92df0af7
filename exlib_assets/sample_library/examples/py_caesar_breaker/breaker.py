"""Break the Caesar cipher by frequency analysis."""
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
FREQ_FILE = HERE / "data" / "english_letter_freq.csv"
CIPHER_FILE = HERE / "data" / "input" / "ciphertext.txt"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


# BEGIN SOLUTION
def load_frequencies(path=FREQ_FILE):
    """Read the CSV (columns letter, percent) into a dict letter -> probability.

    The probabilities are normalised so that they sum up to 1.
    """
    with open(path, newline="", encoding="utf-8") as fh:
        rows = {row["letter"]: float(row["percent"]) for row in csv.DictReader(fh)}
    total = sum(rows.values())
    return {letter: rows[letter] / total for letter in LETTERS}


def letter_counts(text):
    """List of 26 counts: how often a, b, ..., z occur in text (any case)."""
    counts = [0] * 26
    for c in text.lower():
        i = LETTERS.find(c)
        if i >= 0:
            counts[i] += 1
    return counts


def chi_squared(counts, freq):
    """Chi-squared statistic of observed counts against expected probabilities."""
    n = sum(counts)
    if n == 0:
        return 0.0
    return sum((counts[i] - n * freq[c]) ** 2 / (n * freq[c]) for i, c in enumerate(LETTERS))


def best_shift(ciphertext, freq):
    """The shift (0..25) whose decryption of ciphertext looks most like English."""
    counts = letter_counts(ciphertext)

    def score(shift):
        # plain letter i was encrypted to letter (i + shift) % 26
        return chi_squared([counts[(i + shift) % 26] for i in range(26)], freq)

    return min(range(26), key=score)


def crack(ciphertext, freq):
    """Return (shift, plaintext); the plaintext is in lower case."""
    shift = best_shift(ciphertext, freq)
    plain = []
    for c in ciphertext.lower():
        i = LETTERS.find(c)
        plain.append(c if i < 0 else LETTERS[(i - shift) % 26])
    return shift, "".join(plain)
# END SOLUTION


if __name__ == "__main__":
    shift, text = crack(CIPHER_FILE.read_text(encoding="utf-8"), load_frequencies())
    print(f"shift = {shift}")
    print(text)
