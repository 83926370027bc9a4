"""The one place that imports every handler module, so the registry is complete before any worker
delivers; kinds without a handler of their own are forwarded to the services system as they are."""

from __future__ import annotations

import bff.outbox.ark_bot  # registers ARK_CERTIFICATE
import bff.outbox.invoice_delivery  # noqa: F401  (registers INVOICE_SUBMISSION)
from bff.backends.models import ServiceRequestKind
from bff.outbox.forwarding import forward_to_services
from bff.outbox.handlers import Handler, registered_handler

# Handler modules register themselves with `@handles(kind)` on import. Add each one here, e.g.
# `import bff.outbox.ark_certificate` (with noqa F401), which registers ARK_CERTIFICATE.


def handler_of(kind: ServiceRequestKind) -> Handler:
    return registered_handler(kind) or forward_to_services
