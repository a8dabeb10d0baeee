#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "tools/oms-bench/bench_client.h"
#include "tools/oms-bench/closed_loop.h"

namespace oms::bench {

// One asynchronous unary call of a closed loop (RunClosedLoop): `start`
// issues it, e.g.
//   [&](auto* context, auto* request, auto* response, auto answered) {
//     client.orders(slot).async()->GetOrder(context, request, response,
//                                           std::move(answered));
//   }
// with `token` and a 30 s deadline. `judge(status, request, response)` turns
// the answer into the loop's Outcome on gRPC's thread; then the call is
// released and only then is `done` told. The loop, once done, may return
// and tear gRPC down, so no call may still be releasing after it.
template <typename Request, typename Response, typename Start, typename Judge>
void SendInLoop(const std::string& token, Request request, Start start, Judge judge,
                std::function<void(Outcome)> done) {
  struct Call {
    std::unique_ptr<grpc::ClientContext> context;
    Request request;
    Response response;
  };
  auto call = std::make_shared<Call>();
  call->context = BenchClient::Context(token);
  call->request = std::move(request);
  start(call->context.get(), &call->request, &call->response,
        [call, judge = std::move(judge), done = std::move(done)](grpc::Status s) mutable {
          const Outcome outcome = judge(s, call->request, call->response);
          call.reset();
          done(outcome);
        });
}

}  // namespace oms::bench
