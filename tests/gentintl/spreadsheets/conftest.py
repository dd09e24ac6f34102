"""A LibreOffice that converts files headless, for the round-trip tests."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# LibreOffice's CSV filter options: field separator, text delimiter (as character
# codes), character set, first line; for import also the column formats and the
# locale (a Windows language id) that reads numbers and dates.
SEMICOLON, QUOTE = "59", "34"
CHARSETS = {"utf-8": "76", "cp1252": "1"}
LOCALES = {"nl-BE": "2067", "en-US": "1033"}


class LibreOffice:
    """Runs `soffice --convert-to` with a private user profile (never the user's own)."""

    def __init__(self, program: str, profile: Path):
        self.program = program
        self.profile = profile

    def convert(self, files: list[Path], target: str, infilter: str = "") -> list[Path]:
        """Convert every file in one soffice run (a start costs seconds); returns the
        converted files in the order given. `target` is an extension, optionally with
        an export filter and its options ("csv:Text - txt - csv (StarCalc):59,34,1")."""
        outdir = Path(tempfile.mkdtemp(dir=self.profile.parent))
        command = [
            self.program,
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
        ]
        if infilter:
            command.append(f"--infilter={infilter}")
        subprocess.run([*command, *map(str, files)], check=True, capture_output=True, timeout=120)
        extension = target.split(":", 1)[0]
        converted = [outdir / f"{f.stem}.{extension}" for f in files]
        missing = [str(f) for f in converted if not f.exists()]
        assert not missing, f"LibreOffice wrote no {missing}"
        return converted

    @staticmethod
    def csv_export(charset: str) -> str:
        return f"csv:Text - txt - csv (StarCalc):{SEMICOLON},{QUOTE},{CHARSETS[charset]},1"

    @staticmethod
    def csv_import(charset: str, locale: str) -> str:
        return f"CSV:{SEMICOLON},{QUOTE},{CHARSETS[charset]},1,,{LOCALES[locale]}"


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory):
    """LibreOffice headless, or the test is skipped where it is not installed (CI
    installs Debian's libreoffice-calc-nogui)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    return LibreOffice(program, tmp_path_factory.mktemp("libreoffice") / "profile")
