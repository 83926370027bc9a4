"""The wording of every mail and letter the portal sends: German first, English below, both from the
catalogue (bff/i18n). Texts hold only what the recipient needs; links and codes are never logged."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from bff.i18n import N_, both, in_locale, translate
from bff.mail.base import KIND_HEADER, Letter

_SEPARATOR = "\n\n— English version below —\n\n"
_SIGNATURE = N_("Ihr Kundenportal-Team\n(Diese E-Mail wurde automatisch erstellt.)")
_IGNORE = in_locale("Falls Sie das nicht waren, können Sie diese E-Mail ignorieren.")


def _email(*, sender: str, to: str, kind: str, subject: str, body: str, **params: object) -> EmailMessage:
    """`subject` and `body` are msgids; `params` fill the body's placeholders in each language."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = " / ".join(both(subject))
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message[KIND_HEADER] = kind
    german, english = (
        f"{translate(body, locale, **params)}\n\n{translate(_SIGNATURE, locale)}" for locale in ("de", "en")
    )
    message.set_content(german + _SEPARATOR + english)
    return message


def _letter_body(customer_number: str, body: str, **params: object) -> str:
    german, english = both(body, **params)
    return f"Kundennummer / customer number: {customer_number}\n\n{german}{_SEPARATOR}{english}"


def activation_mail(*, sender: str, to: str, link: str) -> EmailMessage:
    """Greets nobody by name: the address is not confirmed yet, so a name typed at registration would be a
    stranger's text in someone else's inbox (phishing by registration form). The portal uses it once the
    account is activated."""
    return _email(
        sender=sender,
        to=to,
        kind="activation",
        subject=N_("Bitte bestätigen Sie Ihre Registrierung"),
        body=N_(
            "{greeting}\n\nvielen Dank für Ihre Registrierung im Kundenportal. Bitte aktivieren Sie Ihren "
            "Zugang mit einem Klick auf diesen Link (7 Tage gültig, nur einmal verwendbar):\n\n{link}\n\n"
            "{ignore}"
        ),
        link=link,
        ignore=_IGNORE,
        greeting=in_locale("Guten Tag,"),
    )


def email_confirmation_mail(*, sender: str, to: str, link: str) -> EmailMessage:
    """D4: sent to a changed address; only once confirmed do the portal's notices go there."""
    return _email(
        sender=sender,
        to=to,
        kind="email-confirmation",
        subject=N_("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
        body=N_(
            "Guten Tag,\n\nSie haben im Kundenportal diese E-Mail-Adresse angegeben. Damit wir Ihnen "
            "Benachrichtigungen hierher senden, bestätigen Sie sie bitte mit einem Klick auf diesen Link "
            "(7 Tage gültig, nur einmal verwendbar):\n\n{link}\n\n{ignore}"
        ),
        link=link,
        ignore=_IGNORE,
    )


def registration_attempt_mail(*, sender: str, to: str, activation_link: str | None) -> EmailMessage:
    """To an existing account's address when someone registers for it again; a still pending account
    gets a fresh activation link, as the original mail may have been lost."""
    pending = (
        in_locale(
            "Ihr Zugang ist noch nicht aktiviert. Hier ist ein neuer Aktivierungslink:\n\n{link}",
            link=activation_link,
        )
        if activation_link
        else in_locale(
            "Falls Sie Ihr Passwort vergessen haben, können Sie es auf der Anmeldeseite zurücksetzen."
        )
    )
    return _email(
        sender=sender,
        to=to,
        kind="registration-attempt",
        subject=N_("Erneuter Registrierungsversuch"),
        body=N_(
            "Guten Tag,\n\njemand hat versucht, sich mit Ihren Daten erneut im Kundenportal zu registrieren. "
            "Für Sie besteht bereits ein Zugang; es wurde nichts geändert.\n\n{pending}\n\nWenn Sie das "
            "nicht waren, wenden Sie sich bitte an unseren Kundenservice."
        ),
        pending=pending,
    )


def password_reset_mail(*, sender: str, to: str, link: str) -> EmailMessage:
    return _email(
        sender=sender,
        to=to,
        kind="password-reset",
        subject=N_("Passwort zurücksetzen"),
        body=N_(
            "Guten Tag,\n\nüber diesen Link vergeben Sie ein neues Passwort für das Kundenportal (1 Stunde "
            "gültig, nur einmal verwendbar):\n\n{link}\n\nDanach sind alle bestehenden Anmeldungen beendet. "
            "{ignore}"
        ),
        link=link,
        ignore=_IGNORE,
    )


def customer_number_mail(*, sender: str, to: str, customer_number: str) -> EmailMessage:
    """The customer number alone; the reset link comes in a separate mail (A4, seed 000)."""
    return _email(
        sender=sender,
        to=to,
        kind="customer-number",
        subject=N_("Ihre Kundennummer"),
        body=N_(
            "Guten Tag,\n\nIhre Kundennummer für das Kundenportal lautet: {customer_number}\n\n"
            "Einen Link für ein neues Passwort erhalten Sie in einer separaten E-Mail. {ignore}"
        ),
        customer_number=customer_number,
        ignore=_IGNORE,
    )


def new_document_mail(*, sender: str, to: str, link: str, count: int = 1) -> EmailMessage:
    """C3: a notice that the postbox holds new documents; it names neither the documents nor any
    personal data (mail is not a safe channel), only where to read them. Cannot be switched off."""
    if count == 1:
        subject = N_("Neues Dokument in Ihrem Postfach")
        body = N_(
            "Guten Tag,\n\nin Ihrem Postfach im Kundenportal liegt ein neues Dokument für Sie bereit. Bitte "
            "melden Sie sich an, um es zu lesen:\n\n{link}"
        )
    else:
        subject = N_("Neue Dokumente in Ihrem Postfach")
        body = N_(
            "Guten Tag,\n\nin Ihrem Postfach im Kundenportal liegen {count} neue Dokumente für Sie bereit. "
            "Bitte melden Sie sich an, um sie zu lesen:\n\n{link}"
        )
    return _email(
        sender=sender, to=to, kind="new-document", subject=subject, body=body, link=link, count=count
    )


def claim_status_mail(*, sender: str, to: str, link: str, claim_number: str, status: str) -> EmailMessage:
    """E2: a claim's new status (a msgid), naming only the claim number and the status (no amounts, no
    diagnosis: mail is not a safe channel); the details are in the portal."""
    return _email(
        sender=sender,
        to=to,
        kind="claim-status",
        subject=N_("Neuer Stand zu Ihrem Schaden"),
        body=N_(
            "Guten Tag,\n\nIhr Schaden- bzw. Leistungsfall {claim_number} hat einen neuen Stand: "
            "{status}.\n\nEinzelheiten sehen Sie nach der Anmeldung im Kundenportal:\n\n{link}\n\nDiese "
            "Benachrichtigung können Sie im Kundenportal unter „Benachrichtigungen“ abbestellen."
        ),
        claim_number=claim_number,
        status=in_locale(status),
        link=link,
    )


def request_failed_mail(*, sender: str, to: str, link: str, title: str) -> EmailMessage:
    """A request accepted earlier could not be carried out: the reason is in the postbox letter and in
    the portal (mail is not a safe channel), the mail only names the kind of request (`title`, a msgid)."""
    return _email(
        sender=sender,
        to=to,
        kind="request-failed",
        subject=N_("Ihr Auftrag konnte nicht ausgeführt werden"),
        body=N_(
            "Guten Tag,\n\nIhren Auftrag „{title}“ konnten wir leider nicht ausführen. Den Grund finden "
            "Sie in einem Schreiben in Ihrem Postfach im Kundenportal:\n\n{link}"
        ),
        title=in_locale(title),
        link=link,
    )


def ident_code_letter(
    *, customer_number: str, recipient: tuple[str, ...], code: str, valid_until: date
) -> Letter:
    return Letter(
        kind="ident-code",
        customer_number=customer_number,
        recipient=recipient,
        subject=" / ".join(both("Ihr Freischaltcode für das Kundenportal")),
        body=_letter_body(
            customer_number,
            N_(
                "Guten Tag,\n\nmit diesem Freischaltcode schalten Sie im Kundenportal alle Funktionen frei "
                "(Menü „Sicherheit“ → „Freischaltcode eingeben“):\n\n    {code}\n\nDer Code gilt bis "
                "{until}. Wenn Sie keinen Code angefordert haben, wenden Sie sich bitte an unseren "
                "Kundenservice."
            ),
            code=code,
            until=valid_until.strftime("%d.%m.%Y"),
        ),
    )


def factor_recovery_letter(
    *, customer_number: str, recipient: tuple[str, ...], code: str, valid_until: date
) -> Letter:
    """Issue 18: a lost second factor is recovered with a code that only reaches the address on file."""
    return Letter(
        kind="factor-recovery",
        customer_number=customer_number,
        recipient=recipient,
        subject=" / ".join(both("Code zum Zurücksetzen Ihres zweiten Faktors")),
        body=_letter_body(
            customer_number,
            N_(
                "Guten Tag,\n\nSie haben einen Code angefordert, weil Sie Ihre Authenticator-App oder Ihren "
                "Passkey nicht mehr haben. Melden Sie sich mit Kundennummer und Passwort an, wählen Sie "
                "„Zweiten Faktor verloren?“ und geben Sie diesen Code ein:\n\n    {code}\n\nDer Code gilt "
                "bis {until} und entfernt Ihre bisherigen zweiten Faktoren; richten Sie danach einen neuen "
                "ein. Haben Sie keinen Code angefordert, ändern Sie bitte sofort Ihr Passwort und rufen Sie "
                "uns an."
            ),
            code=code,
            until=valid_until.strftime("%d.%m.%Y"),
        ),
    )


def registration_attempt_letter(*, customer_number: str, recipient: tuple[str, ...]) -> Letter:
    """Issue 18: someone registered again for this customer. By post to the address on file, because the
    account already registered may belong to someone who knew policy number, name and birth date."""
    return Letter(
        kind="registration-attempt",
        customer_number=customer_number,
        recipient=recipient,
        subject=" / ".join(both("Registrierung im Kundenportal")),
        body=_letter_body(
            customer_number,
            N_(
                "Guten Tag,\n\nfür Ihre Kundennummer wurde eine Registrierung im Kundenportal versucht; es "
                "besteht bereits ein Zugang. Haben Sie sich nicht selbst registriert, rufen Sie uns bitte "
                "an: "
                "wir sperren den Zugang und richten ihn für Sie neu ein."
            ),
        ),
    )


def security_notice_mail(*, sender: str, to: str, what: str, at: datetime) -> EmailMessage:
    """Issue 18: every security event (`what`, a msgid), so a change the owner did not make is noticed at
    once. No link (mail is a phishing channel): the customer signs in as usual or calls."""
    return _email(
        sender=sender,
        to=to,
        kind="security-notice",
        subject=N_("Sicherheitshinweis zu Ihrem Kundenportal-Zugang"),
        body=N_(
            "Guten Tag,\n\n{what} ({stamp})\n\nWaren Sie das nicht, ändern Sie bitte sofort Ihr Passwort "
            "und rufen Sie uns an. In Ihrem Profil unter „Sicherheit“ sehen Sie alle Ereignisse."
        ),
        what=in_locale(what),
        stamp=at.astimezone(UTC).strftime("%d.%m.%Y %H:%M UTC"),
    )
