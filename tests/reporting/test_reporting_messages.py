"""The report's text exists in English and Korean, key for key."""

from __future__ import annotations

import re
import string
from pathlib import Path

import fourfold.reporting
from fourfold.messages.en_report import REPORT as ENGLISH
from fourfold.messages.ko_report import REPORT as KOREAN

PACKAGE = Path(fourfold.reporting.__file__).parent


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_korean_has_every_english_key_with_the_same_placeholders():
    assert set(KOREAN) == set(ENGLISH)
    for key, english in ENGLISH.items():
        assert key.startswith("report."), key
        assert _fields(KOREAN[key]) == _fields(english), key


def test_every_key_the_reporting_code_uses_exists():
    used = set()
    for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("templates/*.j2")]:
        used |= set(re.findall(r"""(?:text|_label)\(\s*["'](report\.[\w.]+)["']""",
                               path.read_text(encoding="utf-8")))
    assert used, "no message keys found"
    # A key built at render time ("report.members.details." ~ rule) is a prefix of some key.
    missing = [key for key in used if key not in ENGLISH
               and not (key.endswith(".") and any(name.startswith(key) for name in ENGLISH))]
    assert missing == []
