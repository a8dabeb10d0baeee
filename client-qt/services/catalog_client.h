#pragma once

#include "services/pending_call.h"

#include <QObject>
#include <QString>

#include <memory>

namespace oms::v1 {
class CatalogService;
class Product;
} // namespace oms::v1

class GrpcConnection;
template <typename Service>
class StubCache;

// CatalogService for the GUI: a product's name, price and tax class by SKU.
class CatalogClient final : public QObject
{
    Q_OBJECT

public:
    explicit CatalogClient(GrpcConnection *connection, QObject *parent = nullptr);
    ~CatalogClient() override;

    GrpcConnection *connection() const { return m_connection; }

    PendingReply<oms::v1::Product> *getProduct(const QString &sku, QObject *receiver);

private:
    GrpcConnection *m_connection;
    std::unique_ptr<StubCache<oms::v1::CatalogService>> m_stubs;
};
