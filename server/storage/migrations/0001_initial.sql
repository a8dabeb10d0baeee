-- The first schema of an OMS region. Conventions:
--   times are INTEGER unix microseconds; money is INTEGER minor units with a
--   currency code beside it; statuses are their upper-case names
--   (domain::Name); CHECK constraints are a second line of defence behind
--   the domain's own checks, not the first.
-- Search indexes end in (created_at, order_id) so that every filter can be
-- paged with a keyset instead of OFFSET and never sorts a million rows.

CREATE TABLE products (
  sku               TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  price_minor       INTEGER NOT NULL CHECK (price_minor >= 0),
  currency          TEXT NOT NULL,
  backorder_allowed INTEGER NOT NULL DEFAULT 0 CHECK (backorder_allowed IN (0, 1)),
  preorder          INTEGER NOT NULL DEFAULT 0 CHECK (preorder IN (0, 1)),
  preorder_cap      INTEGER NOT NULL DEFAULT 0 CHECK (preorder_cap >= 0),
  preorder_sold     INTEGER NOT NULL DEFAULT 0 CHECK (preorder_sold >= 0),
  release_unix      INTEGER NOT NULL DEFAULT 0,
  tax_class         TEXT NOT NULL DEFAULT 'standard',
  version           INTEGER NOT NULL DEFAULT 1,
  CHECK (preorder_sold <= preorder_cap OR preorder = 0)
);

-- The price of a product in every currency it is sold in; products holds the
-- one of this region's currency.
CREATE TABLE product_prices (
  sku         TEXT NOT NULL REFERENCES products (sku),
  currency    TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  PRIMARY KEY (sku, currency)
) WITHOUT ROWID;

CREATE TABLE nodes (
  node_id        TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  type           TEXT NOT NULL,  -- domain::Name(NodeType)
  region         TEXT NOT NULL,
  city           TEXT NOT NULL DEFAULT '',
  postal_code    TEXT NOT NULL DEFAULT '',
  country        TEXT NOT NULL DEFAULT '',
  latitude       REAL NOT NULL DEFAULT 0,
  longitude      REAL NOT NULL DEFAULT 0,
  capabilities   INTEGER NOT NULL DEFAULT 1,  -- domain::NodeCapability bits
  cost_minor     INTEGER NOT NULL DEFAULT 0 CHECK (cost_minor >= 0),
  daily_capacity INTEGER NOT NULL DEFAULT 0 CHECK (daily_capacity >= 0),
  priority       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE stock (
  sku          TEXT NOT NULL REFERENCES products (sku),
  node_id      TEXT NOT NULL REFERENCES nodes (node_id),
  on_hand      INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved     INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  safety_stock INTEGER NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  version      INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (sku, node_id),
  CHECK (reserved <= on_hand)
) WITHOUT ROWID;

CREATE INDEX stock_by_node ON stock (node_id, sku);

-- Every change of a stock row, append-only (DESIGN.md, Inventory).
CREATE TABLE stock_ledger (
  entry_id       INTEGER PRIMARY KEY,
  sku            TEXT NOT NULL,
  node_id        TEXT NOT NULL,
  delta_on_hand  INTEGER NOT NULL,
  delta_reserved INTEGER NOT NULL,
  kind           TEXT NOT NULL,  -- reserve, release, receive, count, damage
  reason         TEXT NOT NULL DEFAULT '',
  order_id       TEXT NOT NULL DEFAULT '',
  occurred_at    INTEGER NOT NULL,
  principal      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE customers (
  customer_id  TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  name_norm    TEXT NOT NULL,  -- lower-cased, single spaces
  email_norm   TEXT NOT NULL,  -- lower-cased
  phone_digits TEXT NOT NULL,  -- digits only
  email        TEXT NOT NULL,
  phone        TEXT NOT NULL,
  home_region  TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE INDEX customers_by_email ON customers (email_norm, customer_id);
CREATE INDEX customers_by_phone ON customers (phone_digits, customer_id);
CREATE INDEX customers_by_name ON customers (name_norm, customer_id);

-- Double-entry postings for wallets and store credit; append-only. A
-- balance is SUM(amount_minor), answered from the covering index.
CREATE TABLE ledger_postings (
  posting_id   INTEGER PRIMARY KEY,
  entry_id     TEXT NOT NULL,
  account      TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  order_id     TEXT NOT NULL DEFAULT '',
  memo         TEXT NOT NULL DEFAULT '',
  occurred_at  INTEGER NOT NULL
);

CREATE INDEX ledger_postings_by_account ON ledger_postings (account, amount_minor);
CREATE INDEX ledger_postings_by_entry ON ledger_postings (entry_id);

-- One row per order: the searchable columns, and the whole OrderState as
-- JSON in body (server/storage/order_codec.h), which is what Load reads.
CREATE TABLE orders (
  order_id           TEXT PRIMARY KEY,
  order_number       TEXT NOT NULL UNIQUE,
  region             TEXT NOT NULL,
  channel            TEXT NOT NULL,
  external_ref       TEXT NOT NULL DEFAULT '',
  customer_id        TEXT NOT NULL DEFAULT '',
  email_norm         TEXT NOT NULL DEFAULT '',
  phone_digits       TEXT NOT NULL DEFAULT '',
  customer_name      TEXT NOT NULL DEFAULT '',
  name_norm          TEXT NOT NULL DEFAULT '',  -- search_keys.h NormalizeName
  status             TEXT NOT NULL,
  payment_status     TEXT NOT NULL,
  fulfillment_status TEXT NOT NULL,
  total_minor        INTEGER NOT NULL,
  currency           TEXT NOT NULL,
  line_count         INTEGER NOT NULL CHECK (line_count >= 0),
  holds              TEXT NOT NULL DEFAULT '',  -- hold reason names, comma-separated
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  version            INTEGER NOT NULL CHECK (version >= 1),
  -- The keys last written to order_skus, order_nodes and order_name_tokens
  -- (server/storage/order_row.h), so that an update can remove the rows the
  -- order no longer has without an index on order_id in those tables.
  index_keys         TEXT NOT NULL DEFAULT '',
  body               TEXT NOT NULL
);

CREATE INDEX orders_by_created ON orders (created_at, order_id);
CREATE INDEX orders_by_email ON orders (email_norm, created_at, order_id);
CREATE INDEX orders_by_phone ON orders (phone_digits, created_at, order_id);
CREATE INDEX orders_by_status ON orders (status, created_at, order_id);
CREATE INDEX orders_by_channel ON orders (channel, created_at, order_id);
CREATE INDEX orders_by_region ON orders (region, created_at, order_id);

-- Search side tables. created_at is part of each key so that one SKU or
-- node with a hundred thousand orders still pages newest-first from the
-- index, and so that checking "does order X have SKU Y" is one lookup.
CREATE TABLE order_skus (
  sku        TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  order_id   TEXT NOT NULL,
  PRIMARY KEY (sku, created_at, order_id)
) WITHOUT ROWID;

CREATE TABLE order_nodes (
  node_id    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  order_id   TEXT NOT NULL,
  PRIMARY KEY (node_id, created_at, order_id)
) WITHOUT ROWID;

-- Lower-cased words of the customer's name, for word-prefix search.
CREATE TABLE order_name_tokens (
  token      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  order_id   TEXT NOT NULL,
  PRIMARY KEY (token, created_at, order_id)
) WITHOUT ROWID;

-- The region's event log (DESIGN.md, Events). seq is the rowid without
-- AUTOINCREMENT: with one writer it is max+1, and a rolled-back savepoint
-- gives its numbers back, so the sequence has no gaps. Retention must
-- therefore never delete the newest row, or its number would be reused.
CREATE TABLE outbox (
  seq               INTEGER PRIMARY KEY,
  event_id          TEXT NOT NULL UNIQUE,
  origin_region     TEXT NOT NULL,
  aggregate_type    TEXT NOT NULL,
  aggregate_id      TEXT NOT NULL,
  aggregate_version INTEGER NOT NULL,
  event_type        TEXT NOT NULL,
  occurred_at       INTEGER NOT NULL,
  principal         TEXT NOT NULL DEFAULT '',
  trace_id          TEXT NOT NULL DEFAULT '',
  summary           TEXT NOT NULL DEFAULT '',
  payload           TEXT NOT NULL
);

CREATE INDEX outbox_by_aggregate ON outbox (aggregate_id, seq);

CREATE TABLE idempotency_keys (
  principal    TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  resource_id  TEXT NOT NULL DEFAULT '',
  region       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (principal, key)
) WITHOUT ROWID;

CREATE TABLE sagas (
  order_id     TEXT PRIMARY KEY,
  step         TEXT NOT NULL,  -- AUTHORIZING, VOIDING
  deadline     INTEGER NOT NULL,
  next_attempt INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  principal    TEXT NOT NULL DEFAULT '',
  trace_id     TEXT NOT NULL DEFAULT ''
);

CREATE INDEX sagas_by_next_attempt ON sagas (next_attempt);

-- Bearer tokens are stored only as their SHA-256 (common/sha256.h).
CREATE TABLE api_tokens (
  token_hash   TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE TABLE tax_rates (
  region    TEXT NOT NULL,
  tax_class TEXT NOT NULL,
  rate_bp   INTEGER NOT NULL CHECK (rate_bp >= 0),  -- basis points: 2000 = 20%
  PRIMARY KEY (region, tax_class)
) WITHOUT ROWID;

-- One row per option and currency: the same code is priced in each
-- currency it is offered in.
CREATE TABLE shipping_options (
  code        TEXT NOT NULL,
  currency    TEXT NOT NULL,
  name        TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  PRIMARY KEY (code, currency)
) WITHOUT ROWID;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
