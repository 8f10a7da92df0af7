"""Caesar cipher: shift every letter by a fixed number of places."""
from pathlib import Path

ALPHABET_FILE = Path(__file__).resolve().parent / "data" / "alphabet.txt"


def load_alphabet(path=ALPHABET_FILE):
    """Read the alphabet (one line of letters) from path."""
    return Path(path).read_text(encoding="utf-8").strip()


ALPHABET = load_alphabet()


# BEGIN SOLUTION
def encrypt(text, shift):
    """Encrypt text with the Caesar cipher.

    The text is converted to lower case; letters of ALPHABET are shifted by
    `shift` places (wrapping around), all other characters stay unchanged.
    """
    n = len(ALPHABET)
    result = []
    for c in text.lower():
        i = ALPHABET.find(c)
        result.append(c if i < 0 else ALPHABET[(i + shift) % n])
    return "".join(result)


def decrypt(text, shift):
    """Undo encrypt(text, shift)."""
    return encrypt(text, -shift)
# END SOLUTION


if __name__ == "__main__":
    secret = encrypt("Veni, vidi, vici.", 3)
    print(secret)
    print(decrypt(secret, 3))
