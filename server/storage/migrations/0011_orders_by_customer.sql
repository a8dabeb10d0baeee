-- Flash-sale purchase limits (docs/SECURITY.md, Limits) count a customer's
-- units of a SKU over all their orders in the placing transaction; this
-- finds a registered customer's orders without a scan. Guests are found by
-- e-mail (orders_by_email).
CREATE INDEX orders_by_customer ON orders (customer_id, created_at, order_id);
