#include "models/node_list_model.h"

#include "models/model_roles.h"
#include "models/proto_text.h"
#include "services/node_client.h"
#include "services/pending_call.h"

#include "oms/v1/node_service.pb.h"

#include <algorithm>
#include <tuple>

using ProtoText::str;

NodeListModel::NodeListModel(NodeClient *client, QObject *parent)
    : QAbstractListModel(parent), m_client(client)
{
}

NodeListModel::~NodeListModel() = default;

void NodeListModel::setAnyRowText(const QString &text)
{
    if ((text.isEmpty()) != m_anyRowText.isEmpty()) {
        beginResetModel();
        m_anyRowText = text;
        endResetModel();
    } else {
        m_anyRowText = text;
        if (!text.isEmpty())
            Q_EMIT dataChanged(index(0), index(0));
    }
}

void NodeListModel::refresh()
{
    if (m_pending)
        m_pending->abandon();
    auto *reply = m_client->listNodes(this);
    m_pending = reply;
    connect(reply, &PendingCall::finished, this, [this, reply] {
        m_pending = nullptr;
        m_error = reply->error();
        if (m_error.isError()) {
            Q_EMIT errorChanged(m_error.message());
            return;
        }
        std::vector<Node> nodes;
        for (const auto &node : reply->result().nodes())
            nodes.push_back({str(node.node_id()), str(node.name()), str(node.region()), str(node.city())});
        setNodes(std::move(nodes));
        Q_EMIT errorChanged({});
    });
}

void NodeListModel::setNodes(std::vector<Node> nodes)
{
    std::sort(nodes.begin(), nodes.end(), [](const Node &a, const Node &b) {
        return std::tie(a.region, a.id) < std::tie(b.region, b.id);
    });
    beginResetModel();
    m_nodes = std::move(nodes);
    endResetModel();
    Q_EMIT loaded();
}

QStringList NodeListModel::regions() const
{
    QStringList regions;
    for (const Node &node : m_nodes)
        if (!node.region.isEmpty() && !regions.contains(node.region))
            regions.append(node.region);
    regions.sort();
    return regions;
}

QHash<QString, QString> NodeListModel::names() const
{
    QHash<QString, QString> names;
    for (const Node &node : m_nodes)
        names.insert(node.id, node.name);
    return names;
}

QString NodeListModel::nodeId(int row) const
{
    const int i = row - anyRows();
    return i >= 0 && i < int(m_nodes.size()) ? m_nodes[size_t(i)].id : QString();
}

int NodeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : anyRows() + int(m_nodes.size());
}

QVariant NodeListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() < anyRows()) {
        switch (role) {
        case Qt::DisplayRole: return m_anyRowText;
        case RawValueRole:
        case KeyRole:
        case RegionRole: return QString();
        default: return {};
        }
    }
    const Node &node = m_nodes[size_t(index.row() - anyRows())];
    switch (role) {
    case Qt::DisplayRole:
        return node.name.isEmpty() ? node.id : QStringLiteral("%1 — %2").arg(node.id, node.name);
    case Qt::ToolTipRole: return QStringLiteral("%1, %2 (%3)").arg(node.name, node.city, node.region);
    case RawValueRole:
    case KeyRole: return node.id;
    case RegionRole: return node.region;
    default: return {};
    }
}
