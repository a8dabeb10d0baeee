-- The audit log (docs/SECURITY.md, Audit log). Every change is an outbox
-- event written in the same transaction as the change, stamped with the
-- principal and trace id; these columns add the RPC that made it and the
-- caller's idempotency key, so the outbox answers "who did what, when, by
-- which request". Background work (sagas, sweeps) leaves method empty.
-- Retention (not built) must archive these rows, never drop them.
ALTER TABLE outbox ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN request_id TEXT NOT NULL DEFAULT '';

CREATE INDEX outbox_by_principal ON outbox (principal, seq);
