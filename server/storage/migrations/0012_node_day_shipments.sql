-- Shipments per node per UTC day, kept by a trigger, so that routing reads
-- each node's load today from one row per node instead of counting the
-- day's shipments for every order placed (issue 10: that count was 17% of
-- the writer's time under oms-bench place, and grew with the day's orders).
-- day = created_at / 86400000000: days since 1970-01-01 UTC.
CREATE TABLE node_day_shipments (
  node_id   TEXT NOT NULL,
  day       INTEGER NOT NULL,
  shipments INTEGER NOT NULL,
  PRIMARY KEY (node_id, day)
) WITHOUT ROWID;

INSERT INTO node_day_shipments (node_id, day, shipments)
  SELECT node_id, created_at / 86400000000, COUNT(*) FROM shipments GROUP BY 1, 2;

-- Shipments are never deleted and never change node (a moved shipment is a
-- new one), so counting inserts is exact; an upsert that updates an existing
-- shipment fires no INSERT trigger.
CREATE TRIGGER shipments_count_per_day AFTER INSERT ON shipments BEGIN
  INSERT INTO node_day_shipments (node_id, day, shipments)
  VALUES (NEW.node_id, NEW.created_at / 86400000000, 1)
  ON CONFLICT (node_id, day) DO UPDATE SET shipments = shipments + 1;
END;
