-- Several regions (docs/REGIONS.md): how far each peer region's event log
-- has been applied here. A peer's events are copied into this region's
-- outbox with their own event id and origin region (so timelines, watches
-- and the audit log show them) and its orders are kept as read-only rows of
-- `orders` rebuilt from the snapshots those events carry. The cursor moves
-- in the same transaction as the rows, so a batch sent twice applies once.
CREATE TABLE replication_cursors (
  region             TEXT PRIMARY KEY,
  applied_seq        INTEGER NOT NULL,  -- the peer's sequence, not ours
  applied_at         INTEGER NOT NULL,  -- when we applied it (unix micros)
  origin_occurred_at INTEGER NOT NULL   -- when the newest applied event happened there
) WITHOUT ROWID;
