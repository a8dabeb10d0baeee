#pragma once

#include "server/integrations/http_client.h"

namespace oms::integrations {

// Wraps one partner call in a client span under the calling thread's trace
// (observability::CurrentTrace): adds a W3C `traceparent` header naming
// the span to `request`, and returns a callback that ends the span, records
// the call in oms_partner_requests_total / oms_partner_request_duration_seconds
// and then runs `done` under the caller's trace and principal, so what the
// answer starts stays in the same trace. Call on the sending thread.
HttpClient::Callback TraceHttpCall(HttpRequest& request, HttpClient::Callback done);

}  // namespace oms::integrations
