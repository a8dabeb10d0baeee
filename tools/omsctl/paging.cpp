#include "omsctl/paging.h"

#include <memory>

#include "absl/strings/str_cat.h"

namespace omsctl {
namespace {

// A server that keeps answering the same token would loop forever.
constexpr int kMaxPages = 10000;

}  // namespace

void AddPagingOptions(CLI::App* verb, PagingOptions* paging) {
  verb->add_option("--limit", paging->limit,
                   "Results per page (1..500; default: the server's, 50)")
      ->check(CLI::Range(1, 500));
  verb->add_option("--page-token", paging->page_token,
                   "Continue after the page that printed this token");
  verb->add_flag("--all", paging->all, "Fetch every page");
}

absl::Status CallPaged(RpcClient& client, std::string_view method,
                       google::protobuf::Message* request,
                       oms::v1::PageRequest* page, const PagingOptions& paging,
                       google::protobuf::Message* reply) {
  const google::protobuf::FieldDescriptor* token_field =
      reply->GetDescriptor()->FindFieldByName("next_page_token");
  if (token_field == nullptr) {
    return absl::InternalError(
        absl::StrCat(reply->GetTypeName(), " has no next_page_token"));
  }
  page->set_page_size(paging.limit);
  page->set_page_token(paging.page_token);
  if (!paging.all) return client.Call(method, *request, reply);

  std::unique_ptr<google::protobuf::Message> part(reply->New());
  for (int pages = 0; pages < kMaxPages; ++pages) {
    part->Clear();
    if (absl::Status status = client.Call(method, *request, part.get());
        !status.ok()) {
      return status;
    }
    reply->MergeFrom(*part);
    const std::string next =
        part->GetReflection()->GetString(*part, token_field);
    if (next.empty()) {
      // proto3 MergeFrom leaves a field alone when the source is empty.
      reply->GetReflection()->SetString(reply, token_field, "");
      return absl::OkStatus();
    }
    if (next == page->page_token()) break;
    page->set_page_token(next);
  }
  return absl::InternalError(
      absl::StrCat(std::string(method), " kept returning more pages; stopped"));
}

void PrintNextPage(const std::string& next_page_token, std::ostream& out) {
  if (!next_page_token.empty()) {
    out << "Next page: --page-token " << next_page_token << '\n';
  }
}

}  // namespace omsctl
