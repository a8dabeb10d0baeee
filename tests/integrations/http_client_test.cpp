#include "server/integrations/http_client.h"

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/integrations/loopback_http_server.h"

namespace oms::integrations {
namespace {

using testing::LoopbackHttpServer;
using Reply = absl::StatusOr<HttpResponse>;

constexpr auto kPatience = std::chrono::seconds(30);

// Sends and waits for the answer (with a generous bound, so a hang fails
// the test instead of the run).
Reply SendAndWait(HttpClient& client, HttpRequest request) {
  auto promise = std::make_shared<std::promise<Reply>>();
  auto future = promise->get_future();
  client.Send(std::move(request), [promise](Reply r) { promise->set_value(std::move(r)); });
  if (future.wait_for(kPatience) != std::future_status::ready) {
    ADD_FAILURE() << "the client never answered";
    return absl::InternalError("test: no answer");
  }
  return future.get();
}

HttpRequest Get(std::string url, absl::Duration timeout = absl::Seconds(10)) {
  HttpRequest r;
  r.url = std::move(url);
  r.timeout = timeout;
  return r;
}

TEST(HttpClientTest, AnswersTheStatusCodeAndBodyOfAnyReply) {
  LoopbackHttpServer server;
  server.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hi", "text/plain");
  });
  server.Start();
  HttpClient client;
  Reply ok = SendAndWait(client, Get(server.Url("/hello")));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->status_code, 200);
  EXPECT_EQ(ok->body, "hi");
  Reply missing = SendAndWait(client, Get(server.Url("/missing")));
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->status_code, 404);
}

TEST(HttpClientTest, SendsMethodHeadersAndBody) {
  LoopbackHttpServer server;
  server.Put("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.get_header_value("X-Test") + " " + req.body,
                    "text/plain");
  });
  server.Start();
  HttpClient client;
  HttpRequest put = Get(server.Url("/echo"));
  put.method = "PUT";
  put.headers = {{"X-Test", "yes"}};
  put.body = std::string(5000, 'b');  // past curl's 1 KiB "Expect: 100-continue" threshold
  Reply reply = SendAndWait(client, put);
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->body, "PUT yes " + put.body);
}

TEST(HttpClientTest, SequentialRequestsReuseOneConnection) {
  LoopbackHttpServer server;
  server.Get("/port", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(std::to_string(req.remote_port), "text/plain");
  });
  server.Start();
  HttpClient client;
  Reply first = SendAndWait(client, Get(server.Url("/port")));
  Reply second = SendAndWait(client, Get(server.Url("/port")));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->body, second->body);
}

TEST(HttpClientTest, NoReplyWithinTheTimeoutIsDeadlineExceeded) {
  absl::Notification release;
  LoopbackHttpServer server;
  server.Get("/slow", [&release](const httplib::Request&, httplib::Response& res) {
    release.WaitForNotificationWithTimeout(absl::Seconds(30));
  });
  server.Start();
  HttpClient client;
  Reply reply = SendAndWait(client, Get(server.Url("/slow"), absl::Milliseconds(200)));
  release.Notify();
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kDeadlineExceeded) << reply.status();
}

TEST(HttpClientTest, RefusedConnectionIsUnavailable) {
  std::string url;
  {
    LoopbackHttpServer closed;
    closed.Start();
    url = closed.Url("/");
  }
  HttpClient client;
  Reply reply = SendAndWait(client, Get(url));
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable) << reply.status();
}

TEST(HttpClientTest, ReplyCutShortIsUnknownBecauseTheServerMayHaveActed) {
  LoopbackHttpServer server;
  server.Get("/cut", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain",
                                     [](size_t, httplib::DataSink&) { return false; });
  });
  server.Start();
  HttpClient client;
  Reply reply = SendAndWait(client, Get(server.Url("/cut")));
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnknown) << reply.status();
}

TEST(HttpClientTest, MalformedUrlIsInvalidArgument) {
  HttpClient client;
  Reply reply = SendAndWait(client, Get("gopher://127.0.0.1:1/"));
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kInvalidArgument) << reply.status();
}

TEST(HttpClientTest, HundredsOfRequestsAreInFlightAtOnceOnOneClientThread) {
  constexpr int kRequests = 300;
  // Each handler waits until all requests have arrived: they can only all
  // answer "together" if the client had every one of them in flight at once.
  absl::Mutex mu;
  int arrived = 0;
  LoopbackHttpServer server(kRequests + 16);
  server.Get("/gather", [&](const httplib::Request&, httplib::Response& res) {
    absl::MutexLock lock(&mu);
    ++arrived;
    const bool together = mu.AwaitWithTimeout(
        absl::Condition(+[](int* n) { return *n >= kRequests; }, &arrived), absl::Seconds(30));
    res.set_content(together ? "together" : "alone", "text/plain");
  });
  server.Start();
  HttpClient client;
  std::vector<std::future<Reply>> replies;
  for (int i = 0; i < kRequests; ++i) {
    auto promise = std::make_shared<std::promise<Reply>>();
    replies.push_back(promise->get_future());
    client.Send(Get(server.Url("/gather"), absl::Seconds(60)),
                [promise](Reply r) { promise->set_value(std::move(r)); });
  }
  int together = 0;
  for (auto& f : replies) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(90)), std::future_status::ready);
    Reply r = f.get();
    ASSERT_TRUE(r.ok()) << r.status();
    together += r->body == "together";
  }
  EXPECT_EQ(together, kRequests);
}

TEST(HttpClientTest, CallbackMaySendTheNextRequest) {
  LoopbackHttpServer server;
  server.Get("/n", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_param_value("i"), "text/plain");
  });
  server.Start();
  HttpClient client;
  std::promise<std::string> second;
  client.Send(Get(server.Url("/n?i=1")), [&](Reply first) {
    ASSERT_TRUE(first.ok());
    client.Send(Get(server.Url("/n?i=2")), [&](Reply r) {
      second.set_value(r.ok() ? r->body : std::string(r.status().message()));
    });
  });
  auto f = second.get_future();
  ASSERT_EQ(f.wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(f.get(), "2");
}

TEST(HttpClientTest, DestroyingTheClientCancelsRequestsInFlight) {
  absl::Notification arrived;
  absl::Notification release;
  LoopbackHttpServer server;
  server.Get("/hang", [&](const httplib::Request&, httplib::Response&) {
    arrived.Notify();
    release.WaitForNotificationWithTimeout(absl::Seconds(30));
  });
  server.Start();
  std::promise<Reply> answer;
  {
    HttpClient client;
    client.Send(Get(server.Url("/hang"), absl::Seconds(60)),
                [&answer](Reply r) { answer.set_value(std::move(r)); });
    ASSERT_TRUE(arrived.WaitForNotificationWithTimeout(absl::Seconds(30)));
  }
  release.Notify();
  auto f = answer.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  EXPECT_EQ(f.get().status().code(), absl::StatusCode::kCancelled);
}

TEST(HttpClientTest, DispatchRunsTheTaskOnTheClientThread) {
  HttpClient client;
  std::promise<std::thread::id> ran_on;
  client.Dispatch([&ran_on] { ran_on.set_value(std::this_thread::get_id()); });
  auto f = ran_on.get_future();
  ASSERT_EQ(f.wait_for(kPatience), std::future_status::ready);
  EXPECT_NE(f.get(), std::this_thread::get_id());
}

}  // namespace
}  // namespace oms::integrations
