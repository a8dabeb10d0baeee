-- The outbox relay (docs/ARCHITECTURE.md, Outbox relay). Each destination
-- (a channel's callback URL, later notifications) keeps how far it has
-- handled the outbox: every event up to `seq` was delivered, dead-lettered
-- or not for it. It only moves forward, after delivery, so a restart sends
-- again at most what was in flight (receivers dedupe by event id).
CREATE TABLE relay_cursors (
  destination  TEXT PRIMARY KEY,   -- "channel:web"
  seq          INTEGER NOT NULL CHECK (seq >= 0),
  updated_at   INTEGER NOT NULL    -- unix micros
) WITHOUT ROWID;

-- Events a destination gave up on: a permanent refusal, or the last of the
-- configured attempts failed. One row per (destination, event); a replay
-- that fails again puts the same row back to DEAD.
--   DEAD       waiting for an operator (ListDeadLetters, ReplayDeadLetter)
--   REPLAYING  an operator asked for it again; sent by the relay (also
--              after a restart) until delivered or dead again
--   REPLAYED   delivered on replay at replayed_at
CREATE TABLE dead_letters (
  dead_letter_id  TEXT PRIMARY KEY,              -- ULID
  destination     TEXT NOT NULL,
  event_seq       INTEGER NOT NULL,
  event_id        TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  aggregate_id    TEXT NOT NULL,                 -- the order id for order events
  status          TEXT NOT NULL CHECK (status IN ('DEAD', 'REPLAYING', 'REPLAYED')),
  attempts        INTEGER NOT NULL CHECK (attempts >= 0),
  last_error      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,              -- unix micros
  updated_at      INTEGER NOT NULL,
  replayed_at     INTEGER NOT NULL DEFAULT 0     -- 0: never delivered on replay
);
CREATE UNIQUE INDEX dead_letters_by_event ON dead_letters (destination, event_seq);
CREATE INDEX dead_letters_by_created ON dead_letters (created_at, dead_letter_id);
CREATE INDEX dead_letters_replaying ON dead_letters (destination) WHERE status = 'REPLAYING';
