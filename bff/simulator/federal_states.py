"""The federal state of a German postal code, as the simulated address database states it with every address
(a real one knows it per delivery area). Here by the two-digit postal region (Leitregion) and its main state:
exact for the demo customers' towns, close enough for the generated crowd."""

from __future__ import annotations

_REGIONS: dict[str, str] = {
    "SN": "01 02 04 08 09",
    "BB": "03 14 15 16",
    "ST": "06 39",
    "TH": "07 98 99",
    "BE": "10 12 13",
    "MV": "17 18 19",
    "HH": "20 21 22",
    "SH": "23 24 25",
    "NI": "26 27 29 30 31 37 38 49",
    "HB": "28",
    "NW": "32 33 40 41 42 44 45 46 47 48 50 51 52 53 57 58 59",
    "HE": "34 35 36 60 61 63 64 65",
    "RP": "54 55 56 67",
    "SL": "66",
    "BW": "68 69 70 71 72 73 74 75 76 77 78 79 88 89",
    "BY": "80 81 82 83 84 85 86 87 90 91 92 93 94 95 96 97",
}
_STATE_OF = {region: state for state, regions in _REGIONS.items() for region in regions.split()}


def federal_state_of(postal_code: str, country: str = "DE") -> str | None:
    """ISO 3166-2 code without "DE-" (e.g. "NW"), or None abroad or for no German postal code."""
    if country != "DE" or len(postal_code) != 5 or not postal_code.isdigit():
        return None
    return _STATE_OF.get(postal_code[:2])
