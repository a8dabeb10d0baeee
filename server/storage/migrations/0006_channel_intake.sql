-- Channel intake (docs/CHANNELS.md). The same external order twice is the
-- same order: one order per (channel, external reference). Partial, so
-- orders without a reference never collide and channel searches keep their
-- own index.
CREATE UNIQUE INDEX orders_by_external_ref ON orders (channel, external_ref)
  WHERE external_ref <> '';

-- Marketplace payloads omsd refused, kept as received for inspection
-- (IntakeService.ListRejectedIntake), newest first.
CREATE TABLE rejected_intake (
  intake_id     TEXT PRIMARY KEY,         -- ULID
  channel       TEXT NOT NULL,
  format        TEXT NOT NULL,
  received_at   INTEGER NOT NULL,         -- unix micros
  reason        TEXT NOT NULL,
  signature_ok  INTEGER NOT NULL CHECK (signature_ok IN (0, 1)),
  body          BLOB NOT NULL
);
CREATE INDEX rejected_intake_by_received ON rejected_intake (received_at, intake_id);
