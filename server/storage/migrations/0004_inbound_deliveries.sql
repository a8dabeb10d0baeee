-- Expected inbound deliveries (purchase orders, transfers) per node. When
-- one is received its lines become stock in one unit of work, and the
-- orders waiting for those SKUs are served oldest first.
CREATE TABLE inbound_deliveries (
  delivery_id TEXT PRIMARY KEY,
  node_id     TEXT NOT NULL REFERENCES nodes (node_id),
  reference   TEXT NOT NULL DEFAULT '',
  expected_at INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('EXPECTED', 'RECEIVED')),
  received_at INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);

CREATE INDEX inbound_by_node ON inbound_deliveries (node_id, expected_at, delivery_id);

CREATE TABLE inbound_lines (
  delivery_id TEXT NOT NULL REFERENCES inbound_deliveries (delivery_id),
  sku         TEXT NOT NULL REFERENCES products (sku),
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (delivery_id, sku)
) WITHOUT ROWID;
