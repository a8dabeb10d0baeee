#include "fake_oms_server.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <thread>

namespace {

constexpr std::int64_t kEpoch = 1732000000; // seconds; order 0 is the newest

void setTime(google::protobuf::Timestamp *t, std::int64_t seconds)
{
    t->set_seconds(seconds);
}

oms::v1::Money eur(std::int64_t minor)
{
    oms::v1::Money m;
    m.set_amount_minor(minor);
    m.set_currency("EUR");
    return m;
}

oms::v1::Shipment *addShipment(oms::v1::Order *order, int number, const char *node,
                               oms::v1::ShipmentStatus status, const char *reason,
                               std::int64_t created)
{
    auto *shipment = order->add_shipments();
    shipment->set_shipment_id(order->order_id() + "-S" + std::to_string(number));
    shipment->set_order_id(order->order_id());
    shipment->set_order_number(order->order_number());
    shipment->set_node_id(node);
    shipment->set_kind(oms::v1::SHIPMENT_KIND_SHIP);
    shipment->set_status(status);
    shipment->set_routing_reason(reason);
    setTime(shipment->mutable_created_at(), created);
    const auto &source = order->lines(number - 1);
    auto *line = shipment->add_lines();
    line->set_line_no(source.line_no());
    line->set_sku(source.sku());
    line->set_name(source.name());
    line->set_quantity(source.ordered());
    auto *change = shipment->add_history();
    change->set_status(oms::v1::SHIPMENT_STATUS_CREATED);
    setTime(change->mutable_at(), created);
    change->set_note(std::string("released to ") + node);
    return shipment;
}

// S1: line 1 shipped by DHL from the warehouse. S2: line 2 picking at the
// store, held for an address check.
void addSplitShipments(oms::v1::Order *order, std::int64_t created)
{
    auto *shipped = addShipment(order, 1, "EU1-WH1", oms::v1::SHIPMENT_STATUS_SHIPPED,
                                FakeOmsServer::kWarehouseReason, created);
    shipped->set_carrier("DHL");
    shipped->set_service("express");
    shipped->set_tracking_id(FakeOmsServer::kTrackingId);
    *shipped->mutable_captured() = eur(1250);
    auto *change = shipped->add_history();
    change->set_status(oms::v1::SHIPMENT_STATUS_SHIPPED);
    setTime(change->mutable_at(), created + 3600);
    change->set_note(std::string("DHL ") + FakeOmsServer::kTrackingId);

    auto *picking = addShipment(order, 2, "EU1-ST1", oms::v1::SHIPMENT_STATUS_PICKING,
                                FakeOmsServer::kStoreReason, created);
    auto *hold = picking->add_holds();
    hold->set_reason(oms::v1::HOLD_REASON_ADDRESS_CHECK);
    hold->set_note("no flat number");
    change = picking->add_history();
    change->set_status(oms::v1::SHIPMENT_STATUS_PICKING);
    setTime(change->mutable_at(), created + 600);
    change->set_note("picking started at EU1-ST1");
}

} // namespace

FakeOmsServer::FakeOmsServer(int orderCount) : m_orderCount(orderCount)
{
    m_stock = {level("SKU-A", "EU1-WH1", "EU1", 10, 2), level("SKU-A", "US1-WH1", "US1", 5, 0),
               level("SKU-B", "EU1-WH1", "EU1", 0, 0), level("SKU-C", "EU1-ST1", "EU1", 7, 7)};
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &m_port);
    builder.RegisterService(static_cast<oms::v1::OrderService::Service *>(this));
    builder.RegisterService(static_cast<oms::v1::InventoryService::Service *>(this));
    builder.RegisterService(static_cast<oms::v1::NodeService::Service *>(this));
    builder.RegisterService(static_cast<oms::v1::CustomerService::Service *>(this));
    builder.RegisterService(static_cast<oms::v1::SessionService::Service *>(this));
    m_server = builder.BuildAndStart();
}

FakeOmsServer::~FakeOmsServer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_stockChanged.notify_all();
    m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    m_server->Wait();
}

void FakeOmsServer::failNext(grpc::StatusCode code, int failures)
{
    std::lock_guard lock(m_mutex);
    m_failCode = code;
    m_failures = failures;
}

void FakeOmsServer::setStock(std::vector<oms::v1::StockLevel> levels)
{
    std::lock_guard lock(m_mutex);
    m_stock = std::move(levels);
}

oms::v1::StockLevel FakeOmsServer::level(const std::string &sku, const std::string &node,
                                         const std::string &region, int onHand, int reserved)
{
    oms::v1::StockLevel l;
    l.set_sku(sku);
    l.set_node_id(node);
    l.set_region(region);
    l.set_on_hand(onHand);
    l.set_reserved(reserved);
    l.set_available(onHand - reserved);
    return l;
}

FakeOmsServer::Seen FakeOmsServer::seen() const
{
    std::lock_guard lock(m_mutex);
    return m_seen;
}

std::string FakeOmsServer::emailOf(int customer)
{
    return "customer" + std::to_string(customer) + "@example.com";
}

oms::v1::OrderSummary FakeOmsServer::summary(int i)
{
    oms::v1::OrderSummary o;
    char number[32];
    std::snprintf(number, sizeof number, "EU1-TEST-%04d", i);
    // 26 characters, like a ULID: "01JD3", zeros, and the four digits of i.
    const std::string ulid = "01JD3" + std::string(17, '0') + std::string(number + 9);
    o.set_order_id("EU1-" + ulid);
    o.set_order_number(number);
    o.set_region("EU1");
    o.set_channel(i % 3 == 0 ? "pos" : "web");
    o.set_status(i % 5 == 0 ? oms::v1::ORDER_STATUS_FULFILLED : oms::v1::ORDER_STATUS_CONFIRMED);
    o.set_payment_status(oms::v1::PAYMENT_STATUS_AUTHORIZED);
    o.set_fulfillment_status(oms::v1::FULFILLMENT_STATUS_UNFULFILLED);
    o.mutable_customer()->set_customer_id("C-" + std::to_string(i % 7));
    o.mutable_customer()->set_name("Customer " + std::to_string(i % 7));
    o.mutable_customer()->set_email(emailOf(i % 7));
    // Totals not in creation order, so sorting by total is visible.
    *o.mutable_total() = eur(1000 + (i * 7919) % 50000);
    o.set_line_count(1 + i % 4);
    setTime(o.mutable_created_at(), kEpoch - i * 60);
    if (i % 11 == 0)
        o.add_holds(oms::v1::HOLD_REASON_FRAUD_REVIEW);
    return o;
}

grpc::Status FakeOmsServer::enter(grpc::ServerContext *context)
{
    {
        std::lock_guard lock(m_mutex);
        ++m_seen.calls;
        auto auth = context->client_metadata().find("authorization");
        m_seen.authorization = auth == context->client_metadata().end()
                ? std::string()
                : std::string(auth->second.data(), auth->second.size());
        m_seen.deadlineLeft = std::chrono::duration_cast<std::chrono::milliseconds>(
                context->deadline() - std::chrono::system_clock::now());
    }
    if (const int delay = delayMs.load(); delay > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(delay)); // the simulated slow server
    std::lock_guard lock(m_mutex);
    if (m_failures > 0) {
        --m_failures;
        return grpc::Status(m_failCode, "injected failure");
    }
    if (!acceptsLocked(m_seen.authorization))
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
    return grpc::Status::OK;
}

bool FakeOmsServer::acceptsLocked(const std::string &authorization) const
{
    const std::string bearer = "Bearer ";
    if (authorization == bearer + kToken)
        return true;
    if (authorization.rfind(bearer, 0) != 0)
        return false;
    auto it = m_accessTokens.find(authorization.substr(bearer.size()));
    return it != m_accessTokens.end() && it->second > std::chrono::system_clock::now();
}

void FakeOmsServer::issueLocked(oms::v1::LoginResponse *response)
{
    const auto now = std::chrono::system_clock::now();
    const auto expires = now + std::chrono::milliseconds(accessLifetimeMs.load());
    const std::string n = std::to_string(++m_issued);
    m_accessTokens[ "fake-access-" + n] = expires;
    m_refreshTokens.insert("fake-refresh-" + n);
    response->set_access_token("fake-access-" + n);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(expires.time_since_epoch()).count();
    response->mutable_access_expires_at()->set_seconds(ms / 1000);
    response->mutable_access_expires_at()->set_nanos(static_cast<int>(ms % 1000) * 1000000);
    response->set_refresh_token("fake-refresh-" + n);
    setTime(response->mutable_refresh_expires_at(),
            std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() + 86400);
    response->set_principal_id(std::string("staff:") + kUserName);
    response->set_display_name("Tess Tester");
    response->set_role("agent");
}

grpc::Status FakeOmsServer::Login(grpc::ServerContext *, const oms::v1::LoginRequest *request,
                                  oms::v1::LoginResponse *response)
{
    std::lock_guard lock(m_mutex);
    ++m_seen.loginCalls;
    if (request->username() == kLockedUser)
        return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                            "account lou is locked after too many failed sign-ins until "
                            "2030-01-02 10:30:00 UTC; try again then, or ask an admin to reset "
                            "the password");
    if (request->username() == kDisabledUser)
        return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "account dee is disabled");
    if (request->username() != kUserName || request->password() != kPassword)
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "wrong username or password");
    issueLocked(response);
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Refresh(grpc::ServerContext *, const oms::v1::RefreshRequest *request,
                                    oms::v1::LoginResponse *response)
{
    std::lock_guard lock(m_mutex);
    ++m_seen.refreshCalls;
    if (m_failures > 0) {
        --m_failures;
        return grpc::Status(m_failCode, "injected failure");
    }
    // Rotation: the refresh token sent stops working either way.
    if (m_refreshTokens.erase(request->refresh_token()) == 0 || refuseRefresh.load())
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown refresh token");
    issueLocked(response);
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::Logout(grpc::ServerContext *context, const oms::v1::LogoutRequest *request,
                                   oms::v1::LogoutResponse *)
{
    std::lock_guard lock(m_mutex);
    ++m_seen.logoutCalls;
    m_seen.loggedOutRefreshToken = request->refresh_token();
    m_refreshTokens.erase(request->refresh_token());
    auto auth = context->client_metadata().find("authorization");
    if (auth != context->client_metadata().end()) {
        const std::string value(auth->second.data(), auth->second.size());
        if (value.rfind("Bearer ", 0) == 0)
            m_accessTokens.erase(value.substr(7));
    }
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::SearchOrders(grpc::ServerContext *context,
                                         const oms::v1::SearchOrdersRequest *request,
                                         oms::v1::SearchOrdersResponse *response)
{
    {
        std::lock_guard lock(m_mutex);
        m_seen.search = *request;
        ++m_seen.searchCalls;
    }
    if (auto status = enter(context); !status.ok())
        return status;
    std::vector<int> matches;
    for (int i = 0; i < m_orderCount; ++i) {
        const auto o = summary(i);
        if (!request->email().empty() && o.customer().email() != request->email())
            continue;
        if (request->statuses_size() > 0
            && std::find(request->statuses().begin(), request->statuses().end(), o.status())
                    == request->statuses().end())
            continue;
        matches.push_back(i);
    }
    if (request->sort() == oms::v1::SORT_ORDER_OLDEST_FIRST)
        std::reverse(matches.begin(), matches.end());
    const size_t offset = request->page().page_token().empty() ? 0 : std::stoul(request->page().page_token());
    const size_t size = request->page().page_size() > 0 ? size_t(request->page().page_size()) : 50;
    for (size_t k = offset; k < matches.size() && k < offset + size; ++k)
        *response->add_orders() = summary(matches[k]);
    if (offset + size < matches.size())
        response->set_next_page_token(std::to_string(offset + size));
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::GetOrder(grpc::ServerContext *context, const oms::v1::GetOrderRequest *request,
                                     oms::v1::Order *response)
{
    if (auto status = enter(context); !status.ok())
        return status;
    for (int i = 0; i < m_orderCount; ++i) {
        const auto s = summary(i);
        if (s.order_id() != request->order_id() && s.order_number() != request->order_number())
            continue;
        response->set_order_id(s.order_id());
        response->set_order_number(s.order_number());
        response->set_region(s.region());
        response->set_channel(s.channel());
        *response->mutable_customer() = s.customer();
        response->set_status(s.status());
        response->set_payment_status(s.payment_status());
        response->set_fulfillment_status(s.fulfillment_status());
        response->mutable_shipping_address()->set_name(s.customer().name());
        response->mutable_shipping_address()->set_city("Paris");
        const bool split = isSplit(i);
        for (int n = 1; n <= 2; ++n) {
            auto *line = response->add_lines();
            line->set_line_no(n);
            line->set_sku("SKU-" + std::to_string(n));
            line->set_name("Thing " + std::to_string(n));
            *line->mutable_unit_price() = eur(1250);
            *line->mutable_line_total() = eur(1250 * n);
            line->set_ordered(n);
            line->set_reserved(n);
            auto *allocation = line->add_allocations();
            allocation->set_node_id(split && n == 2 ? "EU1-ST1" : "EU1-WH1");
            allocation->set_quantity(n);
            if (split)
                allocation->set_reason(n == 1 ? kWarehouseReason : kStoreReason);
        }
        if (split)
            addSplitShipments(response, kEpoch - i * 60);
        auto *tender = response->add_tenders();
        tender->set_tender_id("T-1");
        tender->set_type(oms::v1::TENDER_TYPE_CARD);
        *tender->mutable_amount() = eur(3750);
        tender->set_status(oms::v1::TENDER_STATUS_CAPTURED);
        tender->set_authorized_minor(3750);
        tender->set_captured_minor(3750);
        tender->set_refunded_minor(500);
        tender->set_card_last4("4242");
        *response->mutable_totals()->mutable_total() = eur(3750);
        *response->mutable_totals()->mutable_subtotal() = eur(3750);
        setTime(response->mutable_created_at(), kEpoch - i * 60);
        return grpc::Status::OK;
    }
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no order " + request->order_id() + request->order_number());
}

grpc::Status FakeOmsServer::ListOrderEvents(grpc::ServerContext *context,
                                            const oms::v1::ListOrderEventsRequest *request,
                                            oms::v1::ListOrderEventsResponse *response)
{
    if (auto status = enter(context); !status.ok())
        return status;
    // Three events, one per page, sent newest first to check the model sorts.
    const int page = request->page().page_token().empty() ? 0 : std::stoi(request->page().page_token());
    const char *types[] = {"OrderPaymentCaptured", "OrderConfirmed", "OrderPlaced"};
    auto *event = response->add_events();
    event->set_sequence(30 - page * 10);
    event->set_event_id("E-" + std::to_string(page));
    event->set_event_type(types[page]);
    event->set_summary(std::string(types[page]) + " for " + request->order_id());
    event->set_principal("staff:test");
    event->set_payload_json("{\"n\":" + std::to_string(page) + "}");
    setTime(event->mutable_occurred_at(), kEpoch + 30 - page * 10);
    if (page < 2)
        response->set_next_page_token(std::to_string(page + 1));
    return grpc::Status::OK;
}

int64_t FakeOmsServer::pushStockChange(oms::v1::StockLevel level)
{
    int64_t sequence = 0;
    {
        std::lock_guard lock(m_mutex);
        int64_t deltaOnHand = level.on_hand();
        int64_t deltaReserved = level.reserved();
        for (auto &l : m_stock) {
            if (l.sku() == level.sku() && l.node_id() == level.node_id()) {
                level.set_version(l.version() + 1);
                deltaOnHand = level.on_hand() - l.on_hand();
                deltaReserved = level.reserved() - l.reserved();
                l = level;
            }
        }
        sequence = ++m_sequence;
        oms::v1::WatchInventoryResponse change;
        change.set_sequence(sequence);
        change.mutable_change()->set_event_type(deltaReserved > 0 ? "StockReserved" : "StockAdjusted");
        change.mutable_change()->set_delta_on_hand(deltaOnHand);
        change.mutable_change()->set_delta_reserved(deltaReserved);
        *change.mutable_change()->mutable_level() = level;
        m_changes.push_back(std::move(change));
    }
    m_stockChanged.notify_all();
    return sequence;
}

void FakeOmsServer::breakWatches()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_watchEpoch;
    }
    m_stockChanged.notify_all();
}

int FakeOmsServer::openWatches() const
{
    std::lock_guard lock(m_mutex);
    return m_openWatches;
}

grpc::Status FakeOmsServer::WatchInventory(grpc::ServerContext *context,
                                           const oms::v1::WatchInventoryRequest *request,
                                           grpc::ServerWriter<oms::v1::WatchInventoryResponse> *writer)
{
    std::unique_lock lock(m_mutex);
    m_seen.watch = *request;
    ++m_seen.watchCalls;
    auto auth = context->client_metadata().find("authorization");
    if (auth == context->client_metadata().end()
        || !acceptsLocked(std::string(auth->second.data(), auth->second.size())))
        return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
    if (m_failures > 0) {
        --m_failures;
        return grpc::Status(m_failCode, "injected failure");
    }
    if (request->after_sequence() > m_sequence)
        return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "after_sequence: beyond the log");
    int64_t cursor = request->after_sequence() > 0 ? request->after_sequence() : m_sequence;
    ++m_openWatches;
    const int epoch = m_watchEpoch;
    oms::v1::WatchInventoryResponse mark;
    mark.set_sequence(cursor);
    std::vector<oms::v1::WatchInventoryResponse> batch{mark};
    for (;;) {
        for (const auto &change : m_changes) {
            const auto &l = change.change().level();
            if (change.sequence() > cursor
                && (request->node_id().empty() || l.node_id() == request->node_id())
                && (request->region().empty() || l.region() == request->region()))
                batch.push_back(change);
        }
        if (!m_changes.empty())
            cursor = std::max(cursor, m_changes.back().sequence());
        lock.unlock();
        bool written = true;
        for (const auto &message : batch)
            written = written && writer->Write(message);
        batch.clear();
        lock.lock();
        if (!written || context->IsCancelled() || m_stopping || epoch != m_watchEpoch)
            break;
        // Woken by a push; the timeout notices a cancelled client.
        m_stockChanged.wait_for(lock, std::chrono::milliseconds(50), [&] {
            return m_stopping || epoch != m_watchEpoch
                    || (!m_changes.empty() && m_changes.back().sequence() > cursor);
        });
        if (m_stopping || epoch != m_watchEpoch)
            break;
    }
    --m_openWatches;
    if (m_stopping || epoch != m_watchEpoch)
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the fake server went away");
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::ListStock(grpc::ServerContext *context, const oms::v1::ListStockRequest *request,
                                      oms::v1::ListStockResponse *response)
{
    {
        std::lock_guard lock(m_mutex);
        m_seen.stock = *request;
    }
    if (auto status = enter(context); !status.ok())
        return status;
    std::vector<oms::v1::StockLevel> levels;
    {
        std::lock_guard lock(m_mutex);
        for (const auto &l : m_stock)
            if ((request->node_id().empty() || l.node_id() == request->node_id())
                && (request->region().empty() || l.region() == request->region()))
                levels.push_back(l);
    }
    // Pages of two, so the client has to follow next_page_token.
    const size_t offset = request->page().page_token().empty() ? 0 : std::stoul(request->page().page_token());
    for (size_t k = offset; k < levels.size() && k < offset + 2; ++k)
        *response->add_levels() = levels[k];
    if (offset + 2 < levels.size())
        response->set_next_page_token(std::to_string(offset + 2));
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::ListNodes(grpc::ServerContext *context, const oms::v1::ListNodesRequest *,
                                      oms::v1::ListNodesResponse *response)
{
    if (auto status = enter(context); !status.ok())
        return status;
    const char *nodes[][3] = {{"US1-WH1", "Newark DC", "US1"}, {"EU1-WH1", "Paris DC", "EU1"},
                              {"EU1-ST1", "Lyon store", "EU1"}};
    for (const auto &n : nodes) {
        auto *node = response->add_nodes();
        node->set_node_id(n[0]);
        node->set_name(n[1]);
        node->set_region(n[2]);
    }
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::GetCustomer(grpc::ServerContext *context,
                                        const oms::v1::GetCustomerRequest *request,
                                        oms::v1::CustomerProfile *response)
{
    if (auto status = enter(context); !status.ok())
        return status;
    response->set_customer_id(request->customer_id());
    response->set_name("Customer " + request->customer_id().substr(2));
    response->set_email(emailOf(std::stoi(request->customer_id().substr(2))));
    response->set_home_region("EU1");
    *response->mutable_store_credit_balance() = eur(2500);
    *response->mutable_wallet_balance() = eur(990);
    return grpc::Status::OK;
}

grpc::Status FakeOmsServer::WhoAmI(grpc::ServerContext *context, const oms::v1::WhoAmIRequest *,
                                   oms::v1::WhoAmIResponse *response)
{
    if (auto status = enter(context); !status.ok())
        return status;
    response->set_principal_id("staff:tess");
    response->set_display_name("Tess Tester");
    response->set_role("agent");
    response->set_region("EU1");
    return grpc::Status::OK;
}
