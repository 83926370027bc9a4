"""Presenters of the contract detail screen (B2): facts, documents and claims of the contract on screen,
and the line-specific parts: insured persons (ARK, health), savings (B6) and the legal-expenses
deductible (B7). Each reads the contract through `screen_contract`, so a foreign id is never shown."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from bff.backends import models as up
from bff.domain.deductible import DeductibleReason
from bff.domain.formatting import babel_locale, format_day, format_money, mask_iban
from bff.domain.labels import (
    CLAIM_STATUS_LABELS,
    CONTRACT_STATUS_LABELS,
    LINE_LABELS,
    PAYMENT_FREQUENCY_LABELS,
    legal_module_label,
    pick,
)
from bff.domain.upstream_texts import upstream_text
from bff.i18n import N_, translate
from bff.layout import models as m
from bff.layout.models import ComponentSpec
from bff.layout.presenters import Props, presenter
from bff.layout.presenters.common import document_item, entry
from bff.layout.request import LayoutRequest
from bff.layout.views import contract_global_id, screen_contract
from bff.resolvers.contracts import (
    resolve_contract_claims,
    resolve_contract_documents,
    resolve_deductible,
    resolve_transactions,
)

SAVINGS_KINDS = {
    up.SavingsKind.TAGESGELD: N_("Tagesgeld"),
    up.SavingsKind.FESTGELD: N_("Festgeld"),
}
DEDUCTIBLE_KINDS = {
    up.DeductibleKind.NONE: N_("Keine Selbstbeteiligung"),
    up.DeductibleKind.FIXED: N_("Feste Selbstbeteiligung"),
    up.DeductibleKind.VARIABLE: N_("Variable Selbstbeteiligung"),
    up.DeductibleKind.BONUS: N_("Bonus-Selbstbeteiligung"),
}
DEDUCTIBLE_REASONS = {
    DeductibleReason.EXEMPT_SERVICE: N_("Service ohne Selbstbeteiligung"),
    DeductibleReason.NOT_COVERED: N_("Kein Leistungsfall"),
    DeductibleReason.PENDING: N_("Kostenzusage steht noch aus"),
    DeductibleReason.SMALL_CLAIM: N_("Kleinschaden bis 250 € netto"),
    DeductibleReason.LEVEL: N_("Stufe der Selbstbeteiligung"),
    DeductibleReason.BONUS_REPEAT: N_("Erneuter Fall innerhalb eines Jahres"),
    DeductibleReason.FIXED: N_("Feste Selbstbeteiligung"),
    DeductibleReason.NO_DEDUCTIBLE: N_("Ohne Selbstbeteiligung"),
}


@presenter("contract_header")
async def contract_header(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """The product as the screen's heading (a hero tile for the Schutzbrief, B4)."""
    contract, locale = await screen_contract(request), request.locale
    premium = format_money(contract.premium, contract.currency, locale)
    frequency = pick(PAYMENT_FREQUENCY_LABELS[contract.payment_frequency], locale)
    summary = f"{contract.policy_number} · {premium} {frequency}"
    return [{"title": upstream_text(contract.product, locale), "text": summary, "subtitle": summary}]


@presenter("contract_title")
async def contract_title(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    return [{"text": upstream_text((await screen_contract(request)).product, request.locale)}]


@presenter("contract_facts")
async def contract_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B2: the facts every contract has, then the line-specific ones as the policy system words them."""
    contract, locale = await screen_contract(request), request.locale
    premium = format_money(contract.premium, contract.currency, locale)
    entries = [
        entry(translate("Versicherungsnummer", locale), contract.policy_number),
        entry(translate("Sparte", locale), pick(LINE_LABELS[contract.line], locale)),
        entry(translate("Status", locale), pick(CONTRACT_STATUS_LABELS[contract.status], locale)),
        entry(translate("Gesellschaft", locale), contract.company_name),
        entry(translate("Beginn", locale), format_day(contract.start_date, locale)),
    ]
    if contract.expiry_date:
        entries.append(entry(translate("Ablauf", locale), format_day(contract.expiry_date, locale)))
    frequency = pick(PAYMENT_FREQUENCY_LABELS[contract.payment_frequency], locale)
    entries.append(entry(translate("Beitrag", locale), f"{premium} {frequency}"))
    # The policy system's own wording wins where it states the same fact (e.g. "Beitrag: beitragsfrei").
    by_label = {item["label"]: item for item in entries}
    for fact in contract.facts:
        label, value = upstream_text(fact.label, locale), upstream_text(fact.value, locale)
        if label in by_label:
            by_label[label]["value"] = value
        else:
            entries.append(by_label.setdefault(label, entry(label, value)))
    return [{"entries": entries}]


@presenter("contract_documents", may_be_empty=True)
async def contract_documents(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B2/C1: the contract's documents, newest first, each with its download (a print job on kiosks)."""
    contract = await screen_contract(request)
    limit = spec.args.get("limit")
    documents = await resolve_contract_documents(
        contract, first=limit if isinstance(limit, int) else None, scope=request.scope
    )
    return [
        {
            "items": [document_item(document, request.locale) for document in documents],
            "unread_count": sum(1 for document in documents if not document.read),
            "empty_text": translate("Noch keine Dokumente.", request.locale),
        }
    ]


@presenter(
    "contract_claims", may_be_empty=True, leads_to=lambda spec: [m.Navigate(kind="navigate", screen="claims")]
)
async def contract_claims(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """E1: the contract's claims with status; none at all hides the list."""
    contract, locale = await screen_contract(request), request.locale
    claims = await resolve_contract_claims(contract, scope=request.scope)
    if not claims:
        return []
    items = [
        {
            "id": claim.id,
            "title": f"{upstream_text(claim.benefit_type, locale)} · {claim.claim_number}",
            "subtitle": translate("Gemeldet am ", locale) + format_day(claim.reported_on, locale),
            "badge": pick(CLAIM_STATUS_LABELS[claim.status], locale),
            "action": m.Navigate(kind="navigate", screen="claims", params={"claimId": claim.id}),
        }
        for claim in claims
    ]
    return [{"items": items}]


@presenter("contract_insured_persons", may_be_empty=True)
async def contract_insured_persons(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """ARK and health: who the contract insures."""
    contract = await screen_contract(request)
    insured = [role for role in contract.roles if role.role is up.RoleKind.INSURED]
    if not insured:
        return []
    label = translate("Versicherte Person", request.locale)
    return [
        {"items": [{"id": f"{role.person_id}", "title": role.name, "subtitle": label} for role in insured]}
    ]


def _contract_action_target(spec: ComponentSpec) -> list[m.ActionBase]:
    if "form" in spec.args:
        return [m.OpenForm(kind="open_form", form=spec.args["form"])]
    return [m.ComposeMessage(kind="compose_message", category=spec.args.get("category", ""))]


@presenter("contract_action", leads_to=_contract_action_target)
async def contract_action(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """An action about the contract on screen; `args` say which, so platforms differ by override:
    `form` opens a form with the contract, `category` writes a message (subject from the title)."""
    contract = await screen_contract(request)
    contract_id = contract_global_id(contract)
    if "form" in spec.args:
        action: m.ActionBase = m.OpenForm(
            kind="open_form", form=spec.args["form"], params={"contractId": contract_id}
        )
    else:
        action = m.ComposeMessage(kind="compose_message", category=spec.args["category"], subject=spec.title)
    return [{"action": action}]


@presenter("savings_facts", may_be_empty=True)
async def savings_facts(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B6: balance, rate, payout account and the direct-debit mandate if any; IBANs masked."""
    contract, locale = await screen_contract(request), request.locale
    terms = contract.savings
    if terms is None:
        return []
    rate = format_decimal(terms.interest_rate, format="#,##0.00", locale=babel_locale(locale))
    entries = [
        entry(translate("Kontoart", locale), pick(SAVINGS_KINDS[terms.kind], locale)),
        entry(translate("Guthaben", locale), format_money(terms.balance, "EUR", locale)),
        entry(translate("Zinssatz", locale), f"{rate} % p.a."),
    ]
    if terms.fixed_until:
        entries.append(entry(translate("Fest bis", locale), format_day(terms.fixed_until, locale)))
    entries.append(entry(translate("Auszahlungskonto", locale), mask_iban(terms.payout_iban)))
    mandate = terms.direct_debit_mandate
    if mandate is not None:
        entries += [
            entry(translate("Lastschriftmandat", locale), mandate.reference),
            entry(translate("Konto des Mandats", locale), mask_iban(mandate.iban)),
            entry(translate("Erteilt am", locale), format_day(mandate.signed_on, locale)),
        ]
    stated = {
        upstream_text(fact.label, locale) for fact in contract.facts
    }  # already among the contract's facts
    return [{"entries": [item for item in entries if item["label"] not in stated]}]


@presenter("savings_transactions", may_be_empty=True)
async def savings_transactions(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B6: the bookings, newest value date first."""
    contract, locale = await screen_contract(request), request.locale
    if contract.savings is None:
        return []
    limit = spec.args.get("limit")
    transactions = await resolve_transactions(
        contract.savings, first=limit if isinstance(limit, int) else None, scope=request.scope
    )
    value_date = translate("Wertstellung ", locale)
    items = [
        {
            "id": t.id,
            "title": upstream_text(t.text, locale),
            "subtitle": value_date + format_day(t.value_date, locale),
            "trailing": ("+" if t.amount > 0 else "") + format_money(t.amount, t.currency, locale),
        }
        for t in transactions
    ]
    return [{"items": items, "empty_text": translate("Noch keine Umsätze.", locale)}]


@presenter("deductible_statement", may_be_empty=True)
async def deductible_statement(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B7: the deductible a claim reported today would cost, and how it developed per insurance year."""
    contract, locale = await screen_contract(request), request.locale
    terms = contract.legal_expenses
    if terms is None:
        return []
    statement = await resolve_deductible(contract, scope=request.scope)
    entries = [
        entry(translate("Modell", locale), pick(DEDUCTIBLE_KINDS[terms.deductible_kind], locale)),
        entry(
            translate("Bausteine", locale),
            ", ".join(legal_module_label(code, locale) for code in terms.modules),
        ),
    ]
    if statement is None:
        text = translate(
            "Für diese Kombination von Bausteinen gilt dieses Modell nicht; bitte fragen Sie Ihren "
            "Vermittler.",
            locale,
        )
        return [{"entries": [*entries, entry(translate("Hinweis", locale), text)]}]
    entries.append(
        entry(
            translate("Für einen heute gemeldeten Fall", locale),
            _money(statement.current, locale),
        )
    )
    for year in statement.years:
        period = f"{format_day(year.year_start, locale)} – {format_day(year.year_end, locale)}"
        count = year.counting_claims
        claims = (
            translate("{count} Fall", locale, count=count)
            if count == 1
            else translate("{count} Fälle", locale, count=count)
        )
        entries.append(entry(period, f"{_money(year.level_at_start, locale)} ({claims})"))
    for claim in statement.claims:
        reason = pick(DEDUCTIBLE_REASONS[DeductibleReason(claim.reason)], locale)
        reported = translate("Fall vom ", locale) + format_day(claim.reported_on, locale)
        entries.append(entry(reported, f"{_money(claim.deductible, locale)} · {reason}"))
    return [{"entries": entries}]


_EXEMPT_RULE = N_(
    "JurWay, JurLine, 55plus-Services, Reputationsschutz und die Bonus-Rechtsberatung kosten nie eine "
    "Selbstbeteiligung."
)
_KIND_RULES: dict[up.DeductibleKind, str] = {
    up.DeductibleKind.VARIABLE: N_(
        "Jeder Leistungsfall hebt die Stufe um 100 € (bis 300 €), jedes Versicherungsjahr ohne Leistungsfall "
        "senkt sie um 100 €. Fälle, die mit höchstens 250 € zzgl. MwSt. abgeschlossen werden, kosten keine, "
        "zählen aber mit."
    ),
    up.DeductibleKind.BONUS: N_(
        "Die Bonus-Selbstbeteiligung sinkt je Versicherungsjahr ohne Leistungsfall um 100 €; nach einem "
        "Leistungsfall beginnt sie wieder bei 300 €, ein weiterer Leistungsfall innerhalb eines Jahres "
        "kostet 500 €."
    ),
}
_DISCOUNT_RULE = N_("Tarifnachlässe sind bereits im Beitrag berücksichtigt.")


@presenter("deductible_rules", may_be_empty=True)
async def deductible_rules(request: LayoutRequest, spec: ComponentSpec) -> list[Props]:
    """B7: the rules of this contract's deductible model, so the notice never promises what the
    statement above does not charge (the 250 € rule is the variable model's, not the bonus model's)."""
    contract, locale = await screen_contract(request), request.locale
    terms = contract.legal_expenses
    if terms is None:
        return []
    kind_rule = _KIND_RULES.get(terms.deductible_kind)
    rules = [_EXEMPT_RULE, *([kind_rule] if kind_rule else []), _DISCOUNT_RULE]
    return [{"text": " ".join(translate(rule, locale) for rule in rules)}]


def _money(amount: Decimal, locale: str) -> str:
    return format_money(amount, "EUR", locale)
