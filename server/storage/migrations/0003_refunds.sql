-- Refunds (docs/REFUNDS.md). The refunds themselves live in the order's body;
-- these tables hold the work and the queue around them.

-- Card parts of refunds to pay out at their gateway, retried with backoff.
CREATE TABLE refund_jobs (
  job_id       TEXT PRIMARY KEY,  -- refund_id:part_no
  order_id     TEXT NOT NULL,
  refund_id    TEXT NOT NULL,
  part_no      INTEGER NOT NULL CHECK (part_no > 0),
  next_attempt INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error   TEXT NOT NULL DEFAULT ''
);

CREATE INDEX refund_jobs_due ON refund_jobs (next_attempt);

-- Refunds above the requester's limit, waiting for a supervisor.
CREATE TABLE refund_approvals (
  refund_id    TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL,
  order_number TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency     TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  requested_at INTEGER NOT NULL
);

CREATE INDEX refund_approvals_by_time ON refund_approvals (requested_at, refund_id);

-- Statements read an account's postings newest first.
CREATE INDEX ledger_postings_by_account_time ON ledger_postings (account, posting_id);
