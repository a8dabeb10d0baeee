#include "tools/oms-bench/spawned_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/proto_utils.h"

extern char** environ;

namespace oms::bench {
namespace {

namespace fs = std::filesystem;

// A port the kernel has just handed out and taken back; racing another
// process for it is possible but rare on a development machine.
absl::StatusOr<int> FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return absl::InternalError("cannot bind a loopback port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return absl::InternalError(absl::StrCat("cannot start ", argv[0]));
  return pid;
}

void Stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 200; ++i) {  // 10 s, then no more waiting
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

fs::path OwnFolder() { return fs::read_symlink("/proc/self/exe").parent_path(); }

// The folders omsd itself would look in (FindResourcesDir in oms_server.cpp).
absl::StatusOr<fs::path> FindResources(const fs::path& bin) {
  for (const fs::path& candidate :
       {bin / "../../resources", bin / "../resources", bin / "../share/oms/resources"}) {
    if (fs::exists(candidate / "demo" / "nodes.json")) return fs::weakly_canonical(candidate);
  }
  return absl::NotFoundError(absl::StrCat("no resources/demo near ", bin.string()));
}

// A copy of the resources whose demo nodes have practically no daily
// capacity limit: a run of a few hundred thousand orders would otherwise
// fill Berlin's 5,000 a day and fail for capacity, not for the code.
absl::StatusOr<std::string> BenchResources(const fs::path& bin, const std::string& data_dir) {
  absl::StatusOr<fs::path> source = FindResources(bin);
  if (!source.ok()) return source.status();
  const fs::path target = fs::path(data_dir) / "resources";
  std::error_code ec;
  fs::copy(*source, target, fs::copy_options::recursive, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot copy resources: ", ec.message()));
  const fs::path nodes_file = target / "demo" / "nodes.json";
  nlohmann::json nodes = nlohmann::json::parse(std::ifstream(nodes_file), nullptr, false);
  if (nodes.is_discarded() || !nodes.contains("nodes")) {
    return absl::InternalError(absl::StrCat(nodes_file.string(), " is not the demo's nodes"));
  }
  for (auto& node : nodes["nodes"]) node["daily_capacity"] = 1'000'000'000;
  std::ofstream(nodes_file) << nodes.dump(2);
  return target.string();
}

}  // namespace

absl::StatusOr<std::string> FindResourcesNearBinary() {
  absl::StatusOr<fs::path> found = FindResources(OwnFolder());
  if (!found.ok()) return found.status();
  return found->string();
}

int64_t ResidentBytes(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      int64_t kb = -1;
      in >> kb;
      return kb * 1024;
    }
    std::string rest;
    std::getline(in, rest);
  }
  return -1;
}

absl::Status WaitUntilServing(const std::string& address, int timeout_seconds) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::health::v1::HealthCheckRequest request;
  const absl::Time deadline = absl::Now() + absl::Seconds(timeout_seconds);
  std::string last = "no answer";
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::ByteBuffer out;
    grpc::ByteBuffer in;
    bool own = false;
    grpc::SerializationTraits<grpc::health::v1::HealthCheckRequest>::Serialize(request, &out,
                                                                             &own);
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &out, &in,
                   [&](grpc::Status s) {
                     std::lock_guard<std::mutex> lock(mu);
                     status = s;
                     done = true;
                     cv.notify_all();
                   });
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done; });
    }
    if (status.ok()) {
      grpc::health::v1::HealthCheckResponse response;
      if (grpc::SerializationTraits<grpc::health::v1::HealthCheckResponse>::Deserialize(
              &in, &response)
              .ok() &&
          response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
        return absl::OkStatus();
      }
      last = "not SERVING yet";
    } else {
      last = status.error_message();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return absl::DeadlineExceededError(
      absl::StrCat(address, " did not become SERVING within ", timeout_seconds, " s: ", last));
}

absl::StatusOr<std::unique_ptr<SpawnedServers>> SpawnedServers::Start(
    const SpawnOptions& options) {
  const fs::path bin = OwnFolder();
  const fs::path omsd = bin / "omsd";
  const fs::path partners = bin / "oms-partners";
  for (const fs::path& p : {omsd, partners}) {
    if (!fs::exists(p)) {
      return absl::NotFoundError(absl::StrCat(p.string(), " not found: build omsd and "
                                              "oms-partners next to oms-bench"));
    }
  }
  std::unique_ptr<SpawnedServers> servers(new SpawnedServers());
  servers->keep_data_ = options.keep_data || !options.data_dir.empty();
  if (!options.data_dir.empty()) {
    servers->data_dir_ = fs::absolute(options.data_dir).string();
  } else {
    std::string dir_template = (fs::temp_directory_path() / "oms-bench-XXXXXX").string();
    if (mkdtemp(dir_template.data()) == nullptr) {
      return absl::InternalError("cannot create a temporary data folder");
    }
    servers->data_dir_ = dir_template;
  }
  absl::StatusOr<int> grpc_port = FreeLoopbackPort();
  absl::StatusOr<int> gateway_port = FreeLoopbackPort();
  if (!grpc_port.ok()) return grpc_port.status();
  if (!gateway_port.ok()) return gateway_port.status();
  servers->address_ = absl::StrCat("127.0.0.1:", *grpc_port);

  const std::string log = servers->data_dir_ + "/servers.log";
  absl::StatusOr<pid_t> partners_pid = Spawn(
      {partners.string(), "--listen", absl::StrCat("127.0.0.1:", *gateway_port), "--secret",
       "bench-gateway-secret", "--threads", absl::StrCat(options.gateway_threads),
       "--latency-ms", absl::StrCat(options.gateway_latency_ms), "--decline-rate",
       absl::StrCat(options.gateway_decline_rate)},
      log);
  if (!partners_pid.ok()) return partners_pid.status();
  servers->partners_pid_ = *partners_pid;

  // Rate limits off: the bench is one principal sending far more than one
  // person would. No [limits.units_per_customer]: each order is a new guest.
  const std::string config = servers->data_dir_ + "/omsd.toml";
  std::ofstream(config) << "region = \"EU1\"\n"
                        << "listen = \"" << servers->address_ << "\"\n"
                        << "data_dir = \"" << servers->data_dir_ << "\"\n"
                        << "[limits]\nrpc_per_second = 0\nchannel_rpc_per_second = 0\n"
                        << "[[gateway]]\nname = \"gw-bench\"\n"
                        << "base_url = \"http://127.0.0.1:" << *gateway_port << "\"\n"
                        << "secret = \"bench-gateway-secret\"\n"
                        << "currencies = [\"EUR\", \"USD\", \"GBP\"]\n"
                        << "timeout_ms = 5000\n";
  std::vector<std::string> omsd_args = {omsd.string(), "--config", config};
  if (options.data_dir.empty()) {
    absl::StatusOr<std::string> resources = BenchResources(bin, servers->data_dir_);
    if (!resources.ok()) return resources.status();
    omsd_args.insert(omsd_args.end(), {"--demo", "--resources", *resources});
  }
  absl::StatusOr<pid_t> omsd_pid = Spawn(omsd_args, log);
  if (!omsd_pid.ok()) return omsd_pid.status();
  servers->omsd_pid_ = *omsd_pid;
  if (absl::Status s = WaitUntilServing(servers->address_, 300); !s.ok()) {
    servers->keep_data_ = true;  // the log says why
    return absl::UnavailableError(absl::StrCat(s.message(), " (log: ", log, ")"));
  }
  return servers;
}

SpawnedServers::~SpawnedServers() {
  Stop(omsd_pid_);
  Stop(partners_pid_);
  if (!keep_data_ && !data_dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(data_dir_, ignored);
  }
}

}  // namespace oms::bench
