#include "server/storage/sqlite_transaction.h"

#include <utility>

namespace oms::storage {

SqliteTransaction::SqliteTransaction(Connection& connection, std::string region, const Clock& clock)
    : connection_(connection),
      events_(connection, std::move(region)),
      orders_(connection, events_),
      stock_(connection, events_, clock),
      catalog_(connection, events_, clock),
      nodes_(connection),
      customers_(connection),
      ledger_(connection, events_, clock),
      idempotency_(connection),
      sagas_(connection),
      pricing_(connection),
      jobs_(connection),
      snapshots_(connection),
      inbound_(connection),
      refunds_(connection),
      rejected_intake_(connection),
      accounts_(connection, events_) {
  events_.SetActor(application::SystemActor());
}

}  // namespace oms::storage
