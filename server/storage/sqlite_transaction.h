#pragma once

#include <string>

#include "common/clock.h"
#include "server/application/unit_of_work.h"
#include "server/storage/event_log.h"
#include "server/storage/sqlite_account_repository.h"
#include "server/storage/sqlite_catalog_repository.h"
#include "server/storage/sqlite_customer_repository.h"
#include "server/storage/sqlite_db.h"
#include "server/storage/sqlite_fulfilment_repositories.h"
#include "server/storage/sqlite_idempotency_repository.h"
#include "server/storage/sqlite_ledger_repository.h"
#include "server/storage/sqlite_node_repository.h"
#include "server/storage/sqlite_order_repository.h"
#include "server/storage/sqlite_pricing.h"
#include "server/storage/sqlite_refund_repository.h"
#include "server/storage/sqlite_rejected_intake_repository.h"
#include "server/storage/sqlite_saga_repository.h"
#include "server/storage/sqlite_stock_repository.h"

namespace oms::storage {

// The repositories of one unit of work, all on the writer's connection and
// sharing one EventLog (so every event of a unit carries the same actor).
// It holds no transaction state itself: the WriteExecutor's savepoint is the
// transaction, so one object serves every unit in turn. The connection and
// clock must outlive it. Not thread-safe: writer thread only.
class SqliteTransaction : public application::Transaction {
 public:
  SqliteTransaction(Connection& connection, std::string region, const Clock& clock);

  void SetActor(const application::Actor& actor) override { events_.SetActor(actor); }
  domain::OrderRepository& orders() override { return orders_; }
  domain::StockRepository& stock() override { return stock_; }
  domain::CatalogRepository& catalog() override { return catalog_; }
  domain::NodeRepository& nodes() override { return nodes_; }
  domain::CustomerRepository& customers() override { return customers_; }
  domain::LedgerRepository& ledger() override { return ledger_; }
  application::IdempotencyRepository& idempotency() override { return idempotency_; }
  application::SagaRepository& sagas() override { return sagas_; }
  application::PricingRepository& pricing() override { return pricing_; }
  application::FulfilmentJobRepository& jobs() override { return jobs_; }
  application::StockSnapshotLog& snapshots() override { return snapshots_; }
  application::InboundRepository& inbound() override { return inbound_; }
  application::RefundRepository& refunds() override { return refunds_; }
  application::RejectedIntakeRepository& rejected_intake() override { return rejected_intake_; }
  application::AccountRepository& accounts() override { return accounts_; }

  Connection& connection() { return connection_; }

 private:
  Connection& connection_;
  EventLog events_;
  SqliteOrderRepository orders_;
  SqliteStockRepository stock_;
  SqliteCatalogRepository catalog_;
  SqliteNodeRepository nodes_;
  SqliteCustomerRepository customers_;
  SqliteLedgerRepository ledger_;
  SqliteIdempotencyRepository idempotency_;
  SqliteSagaRepository sagas_;
  SqlitePricing pricing_;
  SqliteFulfilmentJobRepository jobs_;
  SqliteStockSnapshotLog snapshots_;
  SqliteInboundRepository inbound_;
  SqliteRefundRepository refunds_;
  SqliteRejectedIntakeRepository rejected_intake_;
  SqliteAccountRepository accounts_;
};

}  // namespace oms::storage
