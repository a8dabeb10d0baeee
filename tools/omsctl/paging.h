#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "oms/v1/common.pb.h"
#include "omsctl/rpc_client.h"

namespace omsctl {

// Keyset paging for the list verbs (oms.v1.PageRequest / next_page_token).
struct PagingOptions {
  int limit = 0;           // page size; 0 lets the server choose (50)
  std::string page_token;  // resume where an earlier page ended
  bool all = false;        // follow next_page_token to the end
};

// Adds --limit, --page-token and --all to `verb`.
void AddPagingOptions(CLI::App* verb, PagingOptions* paging);

// Calls `method` with `*request`, whose page is `*page`. With paging.all,
// calls again with each next_page_token and appends every page's repeated
// fields to `*reply`, whose next_page_token ends empty. `reply` must have a
// string field next_page_token.
absl::Status CallPaged(RpcClient& client, std::string_view method,
                       google::protobuf::Message* request,
                       oms::v1::PageRequest* page, const PagingOptions& paging,
                       google::protobuf::Message* reply);

// "Next page: --page-token <token>" when there is one.
void PrintNextPage(const std::string& next_page_token, std::ostream& out);

}  // namespace omsctl
