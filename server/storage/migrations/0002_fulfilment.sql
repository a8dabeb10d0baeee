-- Fulfilment (issue 4). Shipments live in the order's body; this table is
-- their searchable projection, rewritten with the order in the same save.
CREATE TABLE shipments (
  shipment_id       TEXT PRIMARY KEY,
  order_id          TEXT NOT NULL,
  node_id           TEXT NOT NULL,
  kind              TEXT NOT NULL,  -- domain::Name(ShipmentKind)
  status            TEXT NOT NULL,  -- domain::Name(ShipmentStatus)
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  pickup_expires_at INTEGER NOT NULL DEFAULT 0  -- 0 unless READY_FOR_PICKUP
);

-- A node's board: its shipments by status, oldest first.
CREATE INDEX shipments_by_node ON shipments (node_id, status, created_at, shipment_id);
CREATE INDEX shipments_by_status ON shipments (status, created_at, shipment_id);
CREATE INDEX shipments_by_order ON shipments (order_id);
-- Pickups to expire; capacity: shipments a node got since a time.
CREATE INDEX shipments_by_pickup_expiry ON shipments (status, pickup_expires_at)
  WHERE status = 'READY_FOR_PICKUP';
CREATE INDEX shipments_by_node_created ON shipments (node_id, created_at);

-- Orders with backordered ('b') or preordered ('p') units of a SKU, oldest
-- first: receiving stock or a release date serves them in this order.
CREATE TABLE order_backorders (
  sku        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  order_id   TEXT NOT NULL,
  PRIMARY KEY (sku, created_at, order_id)
) WITHOUT ROWID;

CREATE TABLE order_preorders (
  sku        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  order_id   TEXT NOT NULL,
  PRIMARY KEY (sku, created_at, order_id)
) WITHOUT ROWID;

-- Work that follows a commit and talks to the outside (capture a shipped
-- shipment's card money, send a shipment to a 3PL): retried with backoff
-- until done; survives restarts.
CREATE TABLE fulfilment_jobs (
  job_id       TEXT PRIMARY KEY,  -- kind:shipment_id
  kind         TEXT NOT NULL,     -- CAPTURE, NODE_REQUEST
  order_id     TEXT NOT NULL,
  shipment_id  TEXT NOT NULL,
  next_attempt INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error   TEXT NOT NULL DEFAULT ''
);

CREATE INDEX fulfilment_jobs_due ON fulfilment_jobs (next_attempt);

-- Stock snapshots applied per node (a partner's count), to refuse stale ones.
CREATE TABLE stock_snapshots (
  node_id     TEXT NOT NULL,
  snapshot_id TEXT NOT NULL,
  taken_at    INTEGER NOT NULL,
  applied_at  INTEGER NOT NULL,
  PRIMARY KEY (node_id, snapshot_id)
) WITHOUT ROWID;
