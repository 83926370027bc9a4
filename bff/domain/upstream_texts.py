"""The upstream systems speak German: product names, fact labels and values, document subjects, benefit
types, booking texts, sales impulses and campaigns arrive as display text. `upstream_text` shows them in
the customer's language: a known term is a msgid of the catalogue (bff/i18n), a known phrasing a msgid
with typed placeholders (`{date}`, `{amount}`, `{product}` …) whose values are converted in turn, a bare
German date or amount is reformatted; anything else is shown as sent. An insurer connecting its own
systems adds its vocabulary here; tests/test_upstream_texts.py names what the simulator sends that
English cannot show yet. Company names, tariff names and what a customer typed stay as they are."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import NumberFormatError, format_currency, format_decimal, parse_decimal

from bff.domain.formatting import babel_locale, format_day, format_money
from bff.i18n import N_, SOURCE_LOCALE, translate

# Terms, listed so `pybabel extract` finds them: the code translates whatever upstream sends.
PRODUCTS = (
    N_("Auslandsreisekrankenversicherung Familie"),
    N_("Auto-Schutzbrief"),
    N_("Direktversicherung (privat fortgeführt)"),
    N_("Fondsgebundene Rentenversicherung"),
    N_("Gruppen-Unfallversicherung"),
    N_("Hausratversicherung Komfort"),
    N_("Hundehalterhaftpflicht"),
    N_("Kapitallebensversicherung"),
    N_("Kfz-Versicherung Komfort"),
    N_("Krankheitskostenvollversicherung"),
    N_("Mitglieder-Schutzbrief"),
    N_("Pflegetagegeld PflegeTop"),
    N_("Private Rentenversicherung"),
    N_("Privathaftpflicht Komfort"),
    N_("Privathaftpflicht Premium"),
    N_("Rechtsschutz Privat, Beruf & Verkehr"),
    N_("Rechtsschutz Privat, Beruf, Verkehr & Wohnen"),
    N_("Risikolebensversicherung"),
    N_("Tagesgeldkonto"),
    N_("Festgeldkonto"),
    N_("Unfallversicherung Plus"),
    N_("Zahnzusatzversicherung ZahnPlus"),
)
FACT_LABELS = (
    N_("Ablaufdatum"),
    N_("Abschleppen"),
    N_("Baujahr"),
    N_("Beitragsrückerstattung"),
    N_("Deckung"),
    N_("Deckungssumme"),
    N_("Dynamik"),
    N_("Einlagensicherung"),
    N_("Elementarschutz"),
    N_("Erstattung Zahnersatz"),
    N_("Erstzulassung"),
    N_("Fahrraddiebstahl"),
    N_("Fahrzeug"),
    N_("Garantierte monatliche Rente"),
    N_("Gebäudeart"),
    N_("Geltungsbereich"),
    N_("Grundsumme Invalidität"),
    N_("Hund"),
    N_("Jährliche Fahrleistung"),
    N_("Kennzeichen"),
    N_("Krankenrückholung"),
    N_("Krankenrücktransport"),
    N_("Krankentagegeld ab 43. Tag"),
    N_("Leistungsende"),
    N_("Maximale Reisedauer"),
    N_("Mietwagen"),
    N_("Mitgliedsnummer"),
    N_("Monatliche BU-Rente"),
    N_("Pannen- und Unfallhilfe"),
    N_("Pflegetagegeld Pflegegrad 5"),
    N_("Professionelle Zahnreinigung"),
    N_("Progression"),
    N_("Rentenbeginn"),
    N_("SF-Klasse Haftpflicht"),
    N_("SF-Klasse Vollkasko"),
    N_("Selbstbehalt jährlich"),
    N_("Selbstbeteiligung"),
    N_("Tarif"),
    N_("Unfallrente monatlich"),
    N_("Versicherungsort"),
    N_("Versicherungssumme"),
    N_("Versicherungsumfang"),
    N_("Versicherungswert"),
    N_("Wartezeit"),
    N_("Wohnfläche"),
    N_("Überschussbeteiligung"),
)
FACT_VALUES = (
    N_("beitragsfrei für Mitglieder"),
    N_("Haftpflicht"),
    N_("eingeschlossen"),
    N_("nicht eingeschlossen"),
    N_("nicht versichert"),
    N_("Doppelhaushälfte"),
    N_("Einfamilienhaus"),
    N_("Reihenhaus"),
    N_("weltweit"),
    N_("europaweit"),
    N_("ja"),
    N_("Gleitender Neuwert"),
    N_("Privat, Beruf und Verkehr"),
    N_("Privat, Beruf, Verkehr und Immobilien"),
    N_("verzinsliche Ansammlung"),
)
BENEFIT_TYPES = (
    N_("Ablaufleistung"),
    N_("Arbeitsrecht"),
    N_("Arbeitsrecht – Abmahnung"),
    N_("Arbeitsrecht – Kündigungsschutz"),
    N_("Arzneimittel"),
    N_("Arztbesuch im Ausland (Spanien)"),
    N_("Arztbesuch im Ausland"),
    N_("Arztrechnung"),
    N_("Baurecht – Streit mit Bauträger"),
    N_("Berufsunfähigkeitsrente"),
    N_("Einbruchdiebstahl"),
    N_("Elementarschaden"),
    N_("Glasbruch"),
    N_("Glasbruch (Steinschlag)"),
    N_("Haftpflichtschaden"),
    N_("Hagelschaden"),
    N_("Heilmittel (Physiotherapie)"),
    N_("Krankenhausaufenthalt"),
    N_("Krankenhausbehandlung im Ausland"),
    N_("Leitungswasserschaden"),
    N_("Mietrecht"),
    N_("Mietrecht – Mieterhöhung"),
    N_("Mietrecht – Nebenkostenabrechnung"),
    N_("Mietwagen nach Panne"),
    N_("Nachbarrecht – Grenzbebauung"),
    N_("Online-Rechtsberatung (JurLine)"),
    N_("Pannenhilfe"),
    N_("Parkschaden"),
    N_("Pflegetagegeld"),
    N_("Reputationsschutz (Löschung von Online-Inhalten)"),
    N_("Sachschaden bei Dritten"),
    N_("Schlüsselverlust"),
    N_("Sturmschaden"),
    N_("Telefonische Rechtsberatung (JurWay)"),
    N_("Online-Rechtsberatung (JurWay)"),
    N_("Telefonische Rechtsberatung (JurLine)"),
    N_("Todesfallleistung"),
    N_("Unfall – Invaliditätsleistung"),
    N_("Unfall – Krankenhaustagegeld"),
    N_("Verkehrsrecht"),
    N_("Verkehrsrecht – Bußgeldverfahren"),
    N_("Verkehrsrecht – Unfallregulierung"),
    N_("Vertragsrecht"),
    N_("Vertragsrecht – Online-Kauf"),
    N_("Vorsorge-Service 55plus"),
    N_("Wildunfall"),
    N_("Zahnbehandlung"),
    N_("Zahnersatz"),
    N_("Überspannungsschaden"),
)
SUBJECTS = (
    N_("Antwort auf Ihre Frage zur Beitragsrechnung"),
    N_("Bestätigung Ihrer Änderung der Kommunikationsdaten"),
    N_("Bestätigung Ihres Beratungstermins"),
    N_("Bitte um Rückruf"),
    N_("Datenschutzhinweise der Muster Versicherungsgruppe"),
    N_("Frage zu meiner Beitragsrechnung"),
    N_("Ihr Rückrufwunsch"),
    N_("Ihre Versicherungsbestätigung"),
    N_("Versicherungsbestätigung für den Vermieter"),
    N_("Änderung meiner Telefonnummer"),
    N_("deutsch/spanisch"),
    N_("deutsch/englisch"),
)
OFFERS = (
    N_("Auslandsreisekrankenschutz für 9,90 € im Jahr"),
    N_("Weltweit versichert – auch für Ihre Familie."),
    N_("Berufsunfähigkeit absichern"),
    N_("Ihre Arbeitskraft ist Ihr wichtigstes Kapital – jetzt Beitrag berechnen."),
    N_("Elementarschutz für Ihr Zuhause"),
    N_("Starkregen und Hochwasser: Ergänzen Sie Ihre Wohngebäudeversicherung."),
    N_("Hausrat-Check: Passt Ihre Versicherungssumme noch?"),
    N_("Vermeiden Sie Unterversicherung mit unserem Summenrechner."),
    N_("Ihr Vorsorge-Check"),
    N_("Wie viel Rente brauchen Sie? Vereinbaren Sie einen Beratungstermin."),
    N_("Kfz-Versicherung: Jetzt wechseln und sparen"),
    N_("Bis zum 30.11. wechseln – mit Rabattschutz und Werkstattbonus."),
    N_("Papierlos und sicher: digitale Post"),
    N_("Stellen Sie auf digitale Zustellung um – für weniger Papier."),
    N_("Pflegelücke schließen"),
    N_("Die gesetzliche Pflegeversicherung zahlt nur einen Teil – wir beraten Sie."),
    N_("Rechtsschutz: Neuer Baustein Immobilien"),
    N_("Sichern Sie Streitigkeiten rund um Ihr Eigentum ab."),
    N_("Tagesgeld-Aktion: 3,00 % p. a. für Neugeld"),
    N_("Garantiert für sechs Monate, täglich verfügbar."),
    N_("Unfallschutz für die ganze Familie"),
    N_("Kinder sind ab 4,90 € im Monat mitversichert."),
    N_("Zahnzusatz jetzt mit Sofortleistung"),
    N_("Bis zu 90 % Erstattung für Zahnersatz – ohne Wartezeit."),
    N_(
        "Jetzt teilnehmen und ein iPhone gewinnen! Unter allen Teilnehmenden verlosen wir am Jahresende "
        "ein iPhone."
    ),
    N_("Sofortgewinn: Amazon.de-Gutschein"),
    N_(
        "Nach der Freischaltung gleich mitmachen: Sie sehen sofort, ob Sie einen Amazon.de-Gutschein im "
        "Wert von 20 Euro gewonnen haben."
    ),
    N_("Die Frühlingsaktion ist beendet. Vielen Dank fürs Mitmachen!"),
)

# What the BFF itself files in the postbox (bff/outbox/ark_bot.py), in German like every subject there.
ARK_CERTIFICATE_SUBJECT = N_("Reisekrankenversicherungs-Bescheinigung – {country} ({language})")

# Phrasings: a placeholder's name says what its value is (see _KINDS); others are kept as sent.
PHRASES = (
    N_("Ihr Versicherungsschein – {product}"),
    N_("Vertragsinformationen und Versicherungsbedingungen – {product}"),
    N_("Beitragsrechnung {year} – {product}"),
    N_("Jahreskontoauszug {year} – {product}"),
    N_("Standmitteilung zum {date} – {product}"),
    N_("Information zur Beitragsanpassung zum {date}"),
    N_("Nachtrag zu Ihrem Vertrag {policy_number}"),
    N_("Bestätigung Ihrer Kündigung zum {date}"),
    N_("Zahlungserinnerung zu Ihrem Vertrag {policy_number}"),
    N_("Mahnung mit Fristsetzung nach § {section} VVG – Vertrag {policy_number}"),
    N_("Ihr Rechtsschutzfall {claim_number}: {benefit}"),
    N_("Ihre Schadenmeldung {claim_number}: {benefit}"),
    N_("Leistungsabrechnung vom {date} – {benefit}"),
    N_("Rechnungen eingereicht: {benefit}"),
    N_("Eingereichte Rechnungen ({benefit})"),
    N_("{count} Beleg"),
    N_("{count} Belege"),
    N_("Reiseversicherungszertifikat – {country} ({term})"),
    ARK_CERTIFICATE_SUBJECT,
    N_("Ihr Auftrag: {term}"),
    N_("Jahresgewinnspiel {year}"),
    N_("Frühlingsaktion {year}"),
    N_("Gewinnspiel {year}: doppelte Gewinnchance"),
    N_(
        "Sie sehen sofort, ob Sie einen Amazon.de-Gutschein im Wert von 20 Euro gewonnen haben. Wenn nicht, "
        "nehmen Sie an der Verlosung eines iPhones am {date} teil."
    ),
    N_("Bis zum {date} wechseln – mit Rabattschutz und Werkstattbonus."),
    N_("Bis zum {date} eröffnen: garantiert für sechs Monate, täglich verfügbar."),
    N_("Zinsgutschrift {period}"),
    N_("Sparrate per Lastschrift, Mandat {reference}"),
    N_("Auszahlung auf Referenzkonto {iban}"),
    N_("bis {amount}"),
    N_("bis {amount} je Kunde"),
    N_("bis {amount} pro Jahr"),
    N_("mitversichert bis {amount}"),
    N_("variabel ({amount} bis {amount_max})"),
    N_("Teilkasko (SB {amount})"),
    N_("Vollkasko (SB {amount}, TK {amount_partial})"),
    N_("bis zu {count} Monatsbeiträge"),
    N_("bis {count} Tage"),
    N_("{count} Tage"),
    N_("{count} Monate"),
    N_("{count} km"),
    N_("{count} m²"),
    N_("{percent} % jährlich"),
    N_("{percent} % p. a."),
    N_("{percent} %"),
    "{date}",  # a bare date or amount: reformatted, no words to translate
    "{amount}",
)


def upstream_text(text: str, locale: str) -> str:
    """`text` as an upstream system sent it (German), in `locale` as far as the catalogue knows it."""
    return text if locale == SOURCE_LOCALE or not text else _converted(text, locale)


@lru_cache(maxsize=8192)  # subjects and facts repeat across documents, contracts and customers
def _converted(text: str, locale: str) -> str:
    term = translate(text, locale)
    if term != text:
        return term
    found = _phrasings().fullmatch(text)
    if found is None or found.lastgroup is None:
        return text
    branch = f"{found.lastgroup}_"
    values = {
        qualified.removeprefix(branch): value
        for qualified, value in found.groupdict().items()
        if qualified.startswith(branch)
    }
    converted = {name: _kind(name)[1](value, locale) for name, value in values.items()}
    return translate(PHRASES[int(found.lastgroup[1:])], locale, **converted)


def _kept(value: str, locale: str) -> str:
    return value


def _date(value: str, locale: str) -> str:
    try:
        return format_day(datetime.strptime(value, "%d.%m.%Y").date(), locale)
    except ValueError:  # "31.02.2026": shown as sent
        return value


def _number(value: str, locale: str) -> str:
    try:
        number = parse_decimal(value, locale="de_DE", strict=True)
    except NumberFormatError:
        return value
    return format_decimal(number, locale=babel_locale(locale))


def _amount(value: str, locale: str) -> str:
    """Euros, with cents only where upstream wrote them ("1.000 €" → "€1,000", "9,90 €" → "€9.90")."""
    number = value.removesuffix(" €")
    try:
        amount = Decimal(parse_decimal(number, locale="de_DE", strict=True))
    except NumberFormatError:
        return value
    if "," in number:
        return format_money(amount, "EUR", locale)
    return format_currency(amount, "EUR", format="¤#,##0", currency_digits=False, locale=babel_locale(locale))


@cache
def _german_names(kind: str) -> dict[str, str]:
    names: dict[str, str] = getattr(Locale.parse("de_DE"), kind)
    return {str(name).casefold(): code for code, name in names.items()}


def _named(kind: str) -> Callable[[str, str], str]:
    """A country or language named in German (CLDR via Babel) → its name in `locale`."""

    def convert(value: str, locale: str) -> str:
        code = _german_names(kind).get(value.casefold())
        if code is None:
            return value
        name = str(getattr(Locale.parse(babel_locale(locale)), kind)[code])
        return name[:1].upper() + name[1:]

    return convert


_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_KEPT: tuple[str, Callable[[str, str], str]] = (r".+?", _kept)
_KINDS: dict[str, tuple[str, Callable[[str, str], str]]] = {
    "date": (r"\d{2}\.\d{2}\.\d{4}", _date),
    "amount": (rf"(?:{_NUMBER}) €", _amount),
    "count": (_NUMBER, _number),
    "percent": (_NUMBER, _number),
    "country": (r"[^()]+?", _named("territories")),
    "language": (r"[^()]+?", _named("languages")),
    "product": (r".+", upstream_text),
    "benefit": (r".+", upstream_text),
    "term": (r".+", upstream_text),
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _kind(name: str) -> tuple[str, Callable[[str, str], str]]:
    """What a placeholder holds, by its name's first word (`amount_max` is an amount)."""
    return _KINDS.get(name.split("_")[0], _KEPT)


@cache
def _phrasings() -> re.Pattern[str]:
    """Every phrasing in one pattern, tried in order in one pass: phrasing i is group `p{i}`, its
    placeholders `p{i}_{name}`."""

    def branch(index: int, phrase: str) -> str:
        parts = _PLACEHOLDER.split(phrase)  # text, name, text, name, …, text
        body = "".join(
            re.escape(part) if position % 2 == 0 else f"(?P<p{index}_{part}>{_kind(part)[0]})"
            for position, part in enumerate(parts)
        )
        return f"(?P<p{index}>{body})"

    return re.compile("|".join(branch(index, phrase) for index, phrase in enumerate(PHRASES)))
