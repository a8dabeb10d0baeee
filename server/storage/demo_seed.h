#pragma once

#include <string>

#include "absl/status/status.h"
#include "server/storage/sqlite_db.h"

namespace oms::storage {

// Fills an empty database with the demo data of resources/demo (omsd
// --demo): catalog.json (products; each gets the price in `region`'s
// currency, every currency's price goes to product_prices), nodes.json,
// stock.json (opening levels, each with a "count" row in stock_ledger),
// customers.json (wallet and store-credit balances become opening ledger
// entries from domain::kIssuanceAccount, with their LedgerEntryPosted
// events), staff.json (API tokens, stored as their SHA-256) and config.json
// (region currencies, tax rates, shipping option prices).
//
// `resources_dir` is the folder holding demo/ (or the demo folder itself).
// Everything is loaded in one savepoint, so it works both as its own
// transaction and inside a writer unit; on any error nothing is kept. A
// database that already has products, nodes, customers or tokens is left
// untouched and OK is returned, so starting twice with --demo never
// duplicates anything. INVALID_ARGUMENT naming the file and entry for bad
// data, NOT_FOUND for a missing file.
// Not thread-safe: run it on the thread that owns `connection` (the writer).
absl::Status LoadDemoData(Connection& connection, const std::string& resources_dir,
                          const std::string& region);

}  // namespace oms::storage
