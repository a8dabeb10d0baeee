#pragma once

namespace httplib {
class Server;
}

namespace oms::partners {

class ThirdPartyLogisticsSimulator;

// The simulated 3PL's control API under /control/3pl (docs/PARTNERS.md):
// faults, settings, "ship this", stock snapshots and what was posted. Uses
// only the simulator's public methods. `simulator` must outlive `server`'s
// serving.
void RegisterLogisticsControlRoutes(httplib::Server& server,
                                    ThirdPartyLogisticsSimulator& simulator);

}  // namespace oms::partners
