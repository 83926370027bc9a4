"""Invoice submission (D8): receipts checked by content, staged with their outbox row."""
