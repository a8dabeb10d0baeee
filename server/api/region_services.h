#pragma once

#include "oms/v1/region_service.grpc.pb.h"
#include "server/api/authenticator.h"
#include "server/application/event_feed.h"
#include "server/application/replication.h"

namespace oms::api {

class WatchHub;

// RegionService (docs/REGIONS.md): how current this region's replicas of
// its peers are. Without a directory (a single region) it answers the
// region and its head with no peers. Thread-safe.
class RegionService final : public v1::RegionService::CallbackService {
 public:
  RegionService(Authenticator& auth, std::string region, application::EventFeed* feed,
                const application::RegionDirectory* regions);

  grpc::ServerUnaryReactor* GetRegionStatus(grpc::CallbackServerContext* context,
                                            const v1::GetRegionStatusRequest* request,
                                            v1::RegionStatus* response) override;

 private:
  Authenticator& auth_;
  const std::string region_;
  application::EventFeed* feed_;
  const application::RegionDirectory* regions_;
};

// ReplicationService: this region's own order events for peer regions, on
// the watch hub like WatchOrders (same cursor, pages and back-pressure),
// always with payloads and a mark every tick. Only role "region" passes the
// policy table. Thread-safe; the hub must outlive the streams (ApiServer).
class ReplicationService final : public v1::ReplicationService::CallbackService {
 public:
  ReplicationService(Authenticator& auth, std::string region, WatchHub* hub);

  grpc::ServerWriteReactor<v1::ReplicationMessage>* StreamEvents(
      grpc::CallbackServerContext* context, const v1::StreamEventsRequest* request) override;

 private:
  Authenticator& auth_;
  const std::string region_;
  WatchHub* hub_;
};

// Marks `replica` when `home_region` is another region's (a peer in
// `regions`): the order was answered from this region's copy.
void MarkReplica(const application::RegionDirectory* regions, const std::string& home_region,
                 v1::Replica* replica);

}  // namespace oms::api
