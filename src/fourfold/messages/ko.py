"""Korean messages. Keys missing here fall back to English."""

from fourfold.messages.ko_data import DATA
from fourfold.messages.ko_report import REPORT

CORE: dict[str, str] = {}

MESSAGES = {**CORE, **DATA, **REPORT}
