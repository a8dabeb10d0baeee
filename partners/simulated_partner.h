#pragma once

namespace httplib {
class Server;
}

namespace oms::partners {

// One simulated outside partner (a card gateway, a 3PL, a marketplace) that
// lives on the shared PartnerServer. Each partner owns its URL prefix
// ("/gateway/...", "/control/gateway") and its state.
//
// Thread-safety: RegisterRoutes is called once before the server starts;
// the handlers it registers and Reset run concurrently on the server's
// worker threads, so implementations guard their state themselves.
class SimulatedPartner {
 public:
  virtual ~SimulatedPartner() = default;

  // Adds the partner's routes (its API and its /control routes).
  virtual void RegisterRoutes(httplib::Server& server) = 0;

  // Forgets all state and faults (POST /control/reset), as if just started
  // with its command-line settings.
  virtual void Reset() = 0;

  // The server is stopping: end work of the partner's own (posts it makes
  // to others). Called once, before the server's threads are joined.
  virtual void Stop() {}
};

}  // namespace oms::partners
