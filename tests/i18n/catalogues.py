"""Reading labnet's catalogues against the code: what is missing, fuzzy, stale or has
placeholders that differ from its msgid. Used by tests/i18n/test_catalogues.py and by
`bash scripts/translations.sh todo`."""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "labnet" / "translations"
LANGUAGES = ("fr", "es", "pt", "ar")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def pybabel() -> str:
    local = Path(sys.executable).with_name("pybabel")
    return str(local) if local.exists() else "pybabel"


def extracted_ids() -> set:
    """The msgids the code marks today, extracted to a temporary .pot as the script does."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run([pybabel(), "--quiet", "extract", "-F", "babel.cfg", "-k", "_l",
                        "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
                       cwd=ROOT, check=True)
        with pot.open("rb") as file:
            return {message.id for message in read_po(file) if message.id}


def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def placeholders(text: str) -> set:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def problems(language: str, code_ids: set | None = None) -> list[str]:
    """Everything a reviewer must fix in one catalogue, one line each."""
    found = []
    po = catalogue(language)
    ids = {message.id for message in po if message.id}
    for message in po:
        if not message.id:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{language}: fuzzy: {singular!r}")
        if not all(strings):
            found.append(f"{language}: untranslated: {singular!r}")
            continue
        wanted = placeholders(singular)
        for text in strings:
            # a plural form may leave out the count (Arabic says "one seat" without the 1)
            extra = placeholders(text) - wanted - ({"num"} if isinstance(message.id, tuple) else set())
            missing = wanted - placeholders(text)
            if isinstance(message.id, tuple):
                missing -= {"num"}
            if extra or missing:
                found.append(f"{language}: placeholders {sorted(missing)} missing, {sorted(extra)} "
                             f"unknown in {text!r} for {singular!r}")
    if code_ids is not None:
        found += [f"{language}: not in the catalogue (run scripts/translations.sh update): {i!r}"
                  for i in sorted(code_ids - ids, key=str)]
        found += [f"{language}: no longer in the code (run scripts/translations.sh update): {i!r}"
                  for i in sorted(ids - code_ids, key=str)]
    return found


if __name__ == "__main__":  # bash scripts/translations.sh todo
    code = extracted_ids()
    lines = [line for language in LANGUAGES for line in problems(language, code)]
    print("\n".join(lines) or "Every catalogue is complete and up to date.")
    sys.exit(1 if lines else 0)
