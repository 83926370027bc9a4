"""The wording of every mail and letter the portal sends: German first, English below.
Texts hold only what the recipient needs; links and codes are never logged."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from bff.mail.base import KIND_HEADER, Letter

_SEPARATOR = "\n\n— English version below —\n\n"
_SIGNATURE_DE = "\n\nIhr Kundenportal-Team\n(Diese E-Mail wurde automatisch erstellt.)"
_SIGNATURE_EN = "\n\nYour customer portal team\n(This email was generated automatically.)"
_IGNORE_DE = "Falls Sie das nicht waren, können Sie diese E-Mail ignorieren."
_IGNORE_EN = "If this was not you, you can ignore this email."


def _email(
    *, sender: str, to: str, kind: str, subject: tuple[str, str], body: tuple[str, str]
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"{subject[0]} / {subject[1]}"
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message[KIND_HEADER] = kind
    message.set_content(body[0] + _SIGNATURE_DE + _SEPARATOR + body[1] + _SIGNATURE_EN)
    return message


def activation_mail(*, sender: str, to: str, link: str) -> EmailMessage:
    return _email(
        sender=sender,
        to=to,
        kind="activation",
        subject=("Bitte bestätigen Sie Ihre Registrierung", "Please confirm your registration"),
        body=(
            "Guten Tag,\n\nvielen Dank für Ihre Registrierung im Kundenportal. Bitte aktivieren Sie Ihren "
            f"Zugang mit einem Klick auf diesen Link (7 Tage gültig, nur einmal verwendbar):\n\n{link}\n\n"
            + _IGNORE_DE,
            "Hello,\n\nthank you for registering with the customer portal. Please activate your access by "
            f"opening this link (valid for 7 days, works once):\n\n{link}\n\n" + _IGNORE_EN,
        ),
    )


def email_confirmation_mail(*, sender: str, to: str, link: str) -> EmailMessage:
    """D4: sent to a changed address; only once confirmed do the portal's notices go there."""
    return _email(
        sender=sender,
        to=to,
        kind="email-confirmation",
        subject=("Bitte bestätigen Sie Ihre E-Mail-Adresse", "Please confirm your email address"),
        body=(
            "Guten Tag,\n\nSie haben im Kundenportal diese E-Mail-Adresse angegeben. Damit wir Ihnen "
            "Benachrichtigungen hierher senden, bestätigen Sie sie bitte mit einem Klick auf diesen Link "
            f"(7 Tage gültig, nur einmal verwendbar):\n\n{link}\n\n" + _IGNORE_DE,
            "Hello,\n\nyou entered this email address in the customer portal. So that we send notices "
            "here, please confirm it by opening this link (valid for 7 days, works once):\n\n"
            f"{link}\n\n" + _IGNORE_EN,
        ),
    )


def registration_attempt_mail(*, sender: str, to: str, activation_link: str | None) -> EmailMessage:
    """To an existing account's address when someone registers for it again; a still pending account
    gets a fresh activation link, as the original mail may have been lost."""
    pending_de = (
        f"\n\nIhr Zugang ist noch nicht aktiviert. Hier ist ein neuer Aktivierungslink:\n\n{activation_link}"
        if activation_link
        else "\n\nFalls Sie Ihr Passwort vergessen haben, können Sie es auf der Anmeldeseite zurücksetzen."
    )
    pending_en = (
        f"\n\nYour access is not activated yet. Here is a new activation link:\n\n{activation_link}"
        if activation_link
        else "\n\nIf you have forgotten your password, you can reset it on the sign-in page."
    )
    return _email(
        sender=sender,
        to=to,
        kind="registration-attempt",
        subject=("Erneuter Registrierungsversuch", "Another registration attempt"),
        body=(
            "Guten Tag,\n\njemand hat versucht, sich mit Ihren Daten erneut im Kundenportal zu registrieren. "
            "Für Sie besteht bereits ein Zugang; es wurde nichts geändert."
            + pending_de
            + "\n\nWenn Sie das nicht waren, wenden Sie sich bitte an unseren Kundenservice.",
            "Hello,\n\nsomeone tried to register with the customer portal again using your details. You "
            "already have access; nothing was changed."
            + pending_en
            + "\n\nIf this was not you, please contact our customer service.",
        ),
    )


def password_reset_mail(*, sender: str, to: str, link: str) -> EmailMessage:
    return _email(
        sender=sender,
        to=to,
        kind="password-reset",
        subject=("Passwort zurücksetzen", "Reset your password"),
        body=(
            "Guten Tag,\n\nüber diesen Link vergeben Sie ein neues Passwort für das Kundenportal (1 Stunde "
            f"gültig, nur einmal verwendbar):\n\n{link}\n\nDanach sind alle bestehenden Anmeldungen beendet. "
            + _IGNORE_DE,
            "Hello,\n\nuse this link to set a new password for the customer portal (valid for 1 hour, works "
            f"once):\n\n{link}\n\nAfterwards all existing sign-ins are ended. " + _IGNORE_EN,
        ),
    )


def customer_number_mail(*, sender: str, to: str, customer_number: str) -> EmailMessage:
    """The customer number alone; the reset link comes in a separate mail (A4, seed 000)."""
    return _email(
        sender=sender,
        to=to,
        kind="customer-number",
        subject=("Ihre Kundennummer", "Your customer number"),
        body=(
            f"Guten Tag,\n\nIhre Kundennummer für das Kundenportal lautet: {customer_number}\n\n"
            "Einen Link für ein neues Passwort erhalten Sie in einer separaten E-Mail. " + _IGNORE_DE,
            f"Hello,\n\nyour customer number for the customer portal is: {customer_number}\n\n"
            "You will receive a link for a new password in a separate email. " + _IGNORE_EN,
        ),
    )


def new_document_mail(*, sender: str, to: str, link: str, count: int = 1) -> EmailMessage:
    """C3: a notice that the postbox holds new documents; it names neither the documents nor any
    personal data (mail is not a safe channel), only where to read them. Cannot be switched off."""
    one = count == 1
    documents_de = "liegt ein neues Dokument" if one else f"liegen {count} neue Dokumente"
    documents_en = "a new document for you is" if one else f"{count} new documents for you are"
    return _email(
        sender=sender,
        to=to,
        kind="new-document",
        subject=("Neues Dokument in Ihrem Postfach", "New document in your postbox")
        if one
        else ("Neue Dokumente in Ihrem Postfach", "New documents in your postbox"),
        body=(
            f"Guten Tag,\n\nin Ihrem Postfach im Kundenportal {documents_de} für Sie bereit. Bitte melden "
            f"Sie sich an, um {'es' if one else 'sie'} zu lesen:\n\n{link}",
            f"Hello,\n\n{documents_en} waiting in your postbox in the customer portal. Please sign in to "
            f"read {'it' if one else 'them'}:\n\n{link}",
        ),
    )


def claim_status_mail(
    *, sender: str, to: str, link: str, claim_number: str, status: tuple[str, str]
) -> EmailMessage:
    """E2: a claim's new status, naming only the claim number and the status (no amounts, no diagnosis:
    mail is not a safe channel); the details are in the portal."""
    return _email(
        sender=sender,
        to=to,
        kind="claim-status",
        subject=("Neuer Stand zu Ihrem Schaden", "News on your claim"),
        body=(
            f"Guten Tag,\n\nIhr Schaden- bzw. Leistungsfall {claim_number} hat einen neuen Stand: "
            f"{status[0]}.\n\nEinzelheiten sehen Sie nach der Anmeldung im Kundenportal:\n\n{link}\n\nDiese "
            "Benachrichtigung können Sie im Kundenportal unter „Benachrichtigungen“ abbestellen.",
            f"Hello,\n\nyour claim {claim_number} has a new status: {status[1]}.\n\nSign in to the "
            f"customer portal for the details:\n\n{link}\n\nYou can switch these notices off in the "
            "customer portal under “Notifications”.",
        ),
    )


def request_failed_mail(*, sender: str, to: str, link: str, title: tuple[str, str]) -> EmailMessage:
    """A request accepted earlier could not be carried out: the reason is in the postbox letter and in
    the portal (mail is not a safe channel), the mail only names the kind of request (`title`)."""
    title_de, title_en = title
    return _email(
        sender=sender,
        to=to,
        kind="request-failed",
        subject=("Ihr Auftrag konnte nicht ausgeführt werden", "Your request could not be carried out"),
        body=(
            f"Guten Tag,\n\nIhren Auftrag „{title_de}“ konnten wir leider nicht ausführen. Den Grund finden "
            f"Sie in einem Schreiben in Ihrem Postfach im Kundenportal:\n\n{link}",
            f"Hello,\n\nunfortunately we could not carry out your request “{title_en}”. You find the "
            f"reason in a letter in your postbox in the customer portal:\n\n{link}",
        ),
    )


def ident_code_letter(
    *, customer_number: str, recipient: tuple[str, ...], code: str, valid_until: date
) -> Letter:
    until = valid_until.strftime("%d.%m.%Y")
    return Letter(
        kind="ident-code",
        customer_number=customer_number,
        recipient=recipient,
        subject="Ihr Freischaltcode für das Kundenportal / Your activation code for the customer portal",
        body=(
            f"Kundennummer / customer number: {customer_number}\n\n"
            "Guten Tag,\n\nmit diesem Freischaltcode schalten Sie im Kundenportal alle Funktionen frei "
            f"(Menü „Sicherheit“ → „Freischaltcode eingeben“):\n\n    {code}\n\nDer Code gilt bis {until}. "
            "Wenn Sie keinen Code angefordert haben, wenden Sie sich bitte an unseren Kundenservice."
            + _SEPARATOR
            + "Hello,\n\nuse this activation code in the customer portal to unlock all functions (menu "
            f"'Security' → 'Enter activation code'):\n\n    {code}\n\nThe code is valid until {until}. If "
            "you did not request a code, please contact our customer service."
        ),
    )


def factor_recovery_letter(
    *, customer_number: str, recipient: tuple[str, ...], code: str, valid_until: date
) -> Letter:
    """Issue 18: a lost second factor is recovered with a code that only reaches the address on file."""
    until = valid_until.strftime("%d.%m.%Y")
    return Letter(
        kind="factor-recovery",
        customer_number=customer_number,
        recipient=recipient,
        subject="Code zum Zurücksetzen Ihres zweiten Faktors / Code to reset your second factor",
        body=(
            f"Kundennummer / customer number: {customer_number}\n\n"
            "Guten Tag,\n\nSie haben einen Code angefordert, weil Sie Ihre Authenticator-App oder Ihren "
            "Passkey nicht mehr haben. Melden Sie sich mit Kundennummer und Passwort an, wählen Sie „Zweiten "
            f"Faktor verloren?“ und geben Sie diesen Code ein:\n\n    {code}\n\nDer Code gilt bis {until} "
            "und entfernt Ihre bisherigen zweiten Faktoren; richten Sie danach einen neuen ein. Haben Sie "
            "keinen Code angefordert, ändern Sie bitte sofort Ihr Passwort und rufen Sie uns an."
            + _SEPARATOR
            + "Hello,\n\nyou asked for a code because you no longer have your authenticator app or passkey. "
            "Sign in with customer number and password, choose 'Lost your second factor?' and enter this "
            f"code:\n\n    {code}\n\nThe code is valid until {until} and removes your current second "
            "factors; then set up a new one. If you did not ask for a code, please change your password at "
            "once and call us."
        ),
    )


def registration_attempt_letter(*, customer_number: str, recipient: tuple[str, ...]) -> Letter:
    """Issue 18: someone registered again for this customer. By post to the address on file, because the
    account already registered may belong to someone who knew policy number, name and birth date."""
    return Letter(
        kind="registration-attempt",
        customer_number=customer_number,
        recipient=recipient,
        subject="Registrierung im Kundenportal / Registration with the customer portal",
        body=(
            f"Kundennummer / customer number: {customer_number}\n\n"
            "Guten Tag,\n\nfür Ihre Kundennummer wurde eine Registrierung im Kundenportal versucht; es "
            "besteht bereits ein Zugang. Haben Sie sich nicht selbst registriert, rufen Sie uns bitte an: "
            "wir sperren den Zugang und richten ihn für Sie neu ein."
            + _SEPARATOR
            + "Hello,\n\nsomeone tried to register with the customer portal for your customer number; an "
            "access exists already. If you did not register yourself, please call us: we will block that "
            "access and set it up again for you."
        ),
    )


def security_notice_mail(*, sender: str, to: str, what: tuple[str, str], at: datetime) -> EmailMessage:
    """Issue 18: every security event, so a change the owner did not make is noticed at once. No link
    (mail is a phishing channel): the customer signs in as usual or calls."""
    stamp = at.astimezone(UTC).strftime("%d.%m.%Y %H:%M UTC")
    return _email(
        sender=sender,
        to=to,
        kind="security-notice",
        subject=("Sicherheitshinweis zu Ihrem Kundenportal-Zugang", "Security notice for your portal access"),
        body=(
            f"Guten Tag,\n\n{what[0]} ({stamp})\n\nWaren Sie das nicht, ändern Sie bitte sofort Ihr Passwort "
            "und rufen Sie uns an. In Ihrem Profil unter „Sicherheit“ sehen Sie alle Ereignisse.",
            f"Hello,\n\n{what[1]} ({stamp})\n\nIf this was not you, please change your password at once and "
            "call us. Your profile lists every event under “Security”.",
        ),
    )
