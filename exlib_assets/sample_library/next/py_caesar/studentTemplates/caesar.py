"""Caesar cipher: shift every letter by a fixed number of places."""
from pathlib import Path

ALPHABET_FILE = Path(__file__).resolve().parent / "data" / "alphabet.txt"


def load_alphabet(path=ALPHABET_FILE):
    """Read the alphabet (one line of letters) from path."""
    return Path(path).read_text(encoding="utf-8").strip()


ALPHABET = load_alphabet()


def encrypt(text, shift):
    """Encrypt text with the Caesar cipher.

    Letters of ALPHABET are shifted by `shift` places (wrapping around);
    upper-case letters stay upper case. All other characters stay unchanged.
    """
    # TODO: look up each character in ALPHABET (or in ALPHABET.upper() for
    #       upper-case letters) and shift its index
    raise NotImplementedError


def decrypt(text, shift):
    """Undo encrypt(text, shift)."""
    # TODO: hint - decrypting is encrypting with another shift
    raise NotImplementedError


if __name__ == "__main__":
    secret = encrypt("Veni, vidi, vici.", 3)
    print(secret)
    print(decrypt(secret, 3))
