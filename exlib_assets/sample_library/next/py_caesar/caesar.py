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

    Letters of ALPHABET are shifted by `shift` places (wrapping around);
    upper-case letters stay upper case. All other characters stay unchanged.
    """
    n = len(ALPHABET)
    upper = ALPHABET.upper()
    result = []
    for c in text:
        if c in ALPHABET:
            result.append(ALPHABET[(ALPHABET.index(c) + shift) % n])
        elif c in upper:
            result.append(upper[(upper.index(c) + shift) % n])
        else:
            result.append(c)
    return "".join(result)


def decrypt(text, shift):
    """Undo encrypt(text, shift)."""
    return encrypt(text, -shift)
# END SOLUTION


if __name__ == "__main__":
    secret = encrypt("Veni, vidi, vici.", 3)
    print(secret)
    print(decrypt(secret, 3))
