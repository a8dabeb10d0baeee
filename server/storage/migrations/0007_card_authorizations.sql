-- Card authorizations that may still need renewing before they expire:
-- card money authorized and not all captured or voided, on an order with
-- units to ship (CONFIRMED or PARTIALLY_FULFILLED). A projection of the
-- order's tenders, rewritten with the order in the same save; the
-- authorization sweep reads it oldest first instead of scanning orders.
CREATE TABLE card_authorizations (
  order_id      TEXT NOT NULL,
  tender_id     TEXT NOT NULL,
  authorized_at INTEGER NOT NULL,            -- microseconds, the current authorization
  retry_at      INTEGER NOT NULL DEFAULT 0,  -- the sweep leaves it until then
  PRIMARY KEY (order_id, tender_id)
) WITHOUT ROWID;

CREATE INDEX card_authorizations_by_age ON card_authorizations (authorized_at, retry_at);

-- Orders saved before this migration: the same rule, read from the body.
INSERT INTO card_authorizations (order_id, tender_id, authorized_at)
SELECT o.order_id, json_extract(t.value, '$.tender_id'), json_extract(t.value, '$.authorized_at')
FROM orders o, json_each(o.body, '$.tenders') t
WHERE o.status IN ('CONFIRMED', 'PARTIALLY_FULFILLED')
  AND json_extract(t.value, '$.type') = 'CARD'
  AND json_extract(t.value, '$.status') IN ('AUTHORIZED', 'CAPTURED')
  AND json_extract(t.value, '$.authorized_minor') - json_extract(t.value, '$.captured_minor')
      - json_extract(t.value, '$.voided_minor') > 0;
