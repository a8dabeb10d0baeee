#include "omsctl/method_catalog.h"

#include <algorithm>

#include <google/protobuf/descriptor_database.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace omsctl {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

std::vector<const ServiceDescriptor*> ListServices() {
  // The generated pool builds files lazily and cannot enumerate itself; the
  // database behind it knows every file whose object code was linked in.
  std::vector<std::string> files;
  DescriptorPool::internal_generated_database()->FindAllFileNames(&files);
  std::vector<const ServiceDescriptor*> services;
  for (const std::string& name : files) {
    const auto* file = DescriptorPool::generated_pool()->FindFileByName(name);
    if (file == nullptr) continue;
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(file->service(i));
    }
  }
  std::sort(services.begin(), services.end(),
            [](const ServiceDescriptor* a, const ServiceDescriptor* b) {
              return a->full_name() < b->full_name();
            });
  return services;
}

std::string ServiceNames() {
  return absl::StrJoin(ListServices(), ", ",
                       [](std::string* out, const ServiceDescriptor* s) {
                         out->append(s->full_name());
                       });
}

}  // namespace

absl::StatusOr<const MethodDescriptor*> FindMethod(std::string_view name) {
  std::string full(name);
  if (!full.empty() && full.front() == '/') full.erase(0, 1);
  std::string::size_type split = full.find('/');
  if (split == std::string::npos) split = full.rfind('.');
  if (split == std::string::npos || split == 0 || split + 1 == full.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "method \"", std::string(name),
        "\" is not of the form package.Service/Method, e.g. "
        "oms.v1.OrderService/GetOrder"));
  }
  const std::string service_name = full.substr(0, split);
  const std::string method_name = full.substr(split + 1);
  const ServiceDescriptor* service =
      DescriptorPool::generated_pool()->FindServiceByName(service_name);
  if (service == nullptr) {
    return absl::NotFoundError(absl::StrCat("unknown service \"", service_name,
                                            "\"; known services: ",
                                            ServiceNames()));
  }
  const MethodDescriptor* method = service->FindMethodByName(method_name);
  if (method == nullptr) {
    std::vector<std::string> methods;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(service->method(i)->name());
    }
    return absl::NotFoundError(absl::StrCat(
        "service ", service_name, " has no method \"", method_name,
        "\"; it has: ", absl::StrJoin(methods, ", ")));
  }
  return method;
}

std::vector<const MethodDescriptor*> ListMethods() {
  std::vector<const MethodDescriptor*> methods;
  for (const ServiceDescriptor* service : ListServices()) {
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(service->method(i));
    }
  }
  return methods;
}

std::string MethodName(const MethodDescriptor& method) {
  return absl::StrCat(method.service()->full_name(), "/", method.name());
}

std::string MethodPath(const MethodDescriptor& method) {
  return absl::StrCat("/", MethodName(method));
}

}  // namespace omsctl
