"""Observability: JSON logs with the request id and a redaction safety net, OpenTelemetry traces
(request → GraphQL operation → upstream call) and the Prometheus collectors that need the database.
Nothing here records personal data: spans and log lines carry ids, routes and outcomes only."""
