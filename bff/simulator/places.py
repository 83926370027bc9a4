"""Real German places: postal codes that belong to their town, with the town's telephone area code.

The simulated address database (`address_check`) knows exactly these, and the seed draws agencies and
generated customers from them, so an address never puts a Bonn postal code in front of Hamburg and an
agency's number dials its own town.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    postal_code: str
    city: str
    area_code: str  # without the trunk 0: "221" for Köln (0221)


PLACES: tuple[Place, ...] = (
    Place("50667", "Köln", "221"),
    Place("50672", "Köln", "221"),
    Place("50823", "Köln", "221"),
    Place("50968", "Köln", "221"),
    Place("50996", "Köln", "221"),
    Place("51147", "Köln", "221"),
    Place("53111", "Bonn", "228"),
    Place("53113", "Bonn", "228"),
    Place("53115", "Bonn", "228"),
    Place("40213", "Düsseldorf", "211"),
    Place("40591", "Düsseldorf", "211"),
    Place("10115", "Berlin", "30"),
    Place("10117", "Berlin", "30"),
    Place("10178", "Berlin", "30"),
    Place("20095", "Hamburg", "40"),
    Place("22765", "Hamburg", "40"),
    Place("80331", "München", "89"),
    Place("80469", "München", "89"),
    Place("60311", "Frankfurt am Main", "69"),
    Place("60313", "Frankfurt am Main", "69"),
    Place("70173", "Stuttgart", "711"),
    Place("04109", "Leipzig", "341"),
    Place("01067", "Dresden", "351"),
    Place("30159", "Hannover", "511"),
    Place("28195", "Bremen", "421"),
    Place("90403", "Nürnberg", "911"),
    Place("44135", "Dortmund", "231"),
    Place("45127", "Essen", "201"),
    Place("52062", "Aachen", "241"),
    Place("48143", "Münster", "251"),
    Place("33602", "Bielefeld", "521"),
    Place("68161", "Mannheim", "621"),
    Place("76133", "Karlsruhe", "721"),
    Place("69117", "Heidelberg", "6221"),
    Place("55116", "Mainz", "6131"),
    Place("65183", "Wiesbaden", "611"),
    Place("24103", "Kiel", "431"),
    Place("23552", "Lübeck", "451"),
    Place("18055", "Rostock", "381"),
    Place("39104", "Magdeburg", "391"),
    Place("99084", "Erfurt", "361"),
    Place("14467", "Potsdam", "331"),
    Place("86150", "Augsburg", "821"),
    Place("93047", "Regensburg", "941"),
    Place("97070", "Würzburg", "931"),
    Place("66111", "Saarbrücken", "681"),
    Place("34117", "Kassel", "561"),
    Place("38100", "Braunschweig", "531"),
    Place("49074", "Osnabrück", "541"),
    Place("42103", "Wuppertal", "202"),
    Place("51465", "Bergisch Gladbach", "2202"),
    Place("53721", "Siegburg", "2241"),
)

CITY_OF_POSTAL_CODE: dict[str, str] = {place.postal_code: place.city for place in PLACES}
"""The town each known postal code belongs to."""
