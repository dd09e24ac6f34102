"""The two press releases shipped in seeds/data, as the parser tests read them."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "seeds" / "data"
DOC_000 = "000_54c1940183bc9bf9.txt"
DOC_004 = "004_01032d92058fc276.txt"


def read(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")
