#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// A small pool of read-only connections. Readers never wait for the writer
// (WAL gives each read a snapshot); they wait only for a free connection.
// Thread-safe.
class ReadPool {
 public:
  // A leased connection, returned to the pool on destruction.
  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Connection> conn);
    Lease(Lease&&) noexcept = default;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  static absl::StatusOr<std::unique_ptr<ReadPool>> Open(const std::string& path, int size);

  // Blocks until a connection is free.
  Lease Acquire();

 private:
  ReadPool() = default;
  void Release(std::unique_ptr<Connection> conn);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> free_;  // guarded by mu_
};

}  // namespace oms::storage
