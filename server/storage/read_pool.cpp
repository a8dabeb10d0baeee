#include "server/storage/read_pool.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/str_cat.h"

namespace oms::storage {

ReadPool::Lease::Lease(ReadPool* pool, std::unique_ptr<Connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

ReadPool::Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_));
}

absl::StatusOr<std::unique_ptr<ReadPool>> ReadPool::Open(const std::string& path, int size) {
  if (size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the read pool needs at least one connection, got ", size));
  }
  auto pool = std::unique_ptr<ReadPool>(new ReadPool());
  Connection::Options options;
  options.read_only = true;
  for (int i = 0; i < size; ++i) {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(path, options);
    if (!connection.ok()) return connection.status();
    pool->free_.push_back(*std::move(connection));
  }
  return pool;
}

ReadPool::Lease ReadPool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<Connection> connection = std::move(free_.back());
  free_.pop_back();
  return Lease(this, std::move(connection));
}

void ReadPool::Release(std::unique_ptr<Connection> conn) {
  // A transaction left open would pin its snapshot for the next borrower and
  // keep the WAL from being checkpointed.
  if (sqlite3_get_autocommit(conn->raw()) == 0) conn->Exec("ROLLBACK").IgnoreError();
  {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

}  // namespace oms::storage
