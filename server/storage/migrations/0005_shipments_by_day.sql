-- Placement reads how many shipments each node got today (daily capacity):
-- a range over created_at, grouped by node. shipments_by_node_created has
-- the node first, so that read scanned every shipment; this index seeks.
CREATE INDEX shipments_by_created ON shipments (created_at, node_id);
