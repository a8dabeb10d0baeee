#pragma once

#include "services/call_error.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QStringList>

#include <vector>

class NodeClient;
class PendingCall;

// The fulfillment nodes (ListNodes), for the node filters. Row 0 can be an
// "any node" row with an empty id. The regions seen among the nodes are
// offered for the region filters.
class NodeListModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { RegionRole = Qt::UserRole + 20 };

    struct Node
    {
        QString id;
        QString name;
        QString region;
        QString city;
    };

    explicit NodeListModel(NodeClient *client, QObject *parent = nullptr);
    ~NodeListModel() override;

    // Text of the leading row that stands for "no filter"; empty for none.
    void setAnyRowText(const QString &text);
    void refresh();
    void setNodes(std::vector<Node> nodes);
    // Sorted, unique.
    QStringList regions() const;
    // Node id -> name.
    QHash<QString, QString> names() const;
    const CallError &lastError() const { return m_error; }
    // The node id of a row; empty for the any row.
    QString nodeId(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded();
    void errorChanged(const QString &message);

private:
    int anyRows() const { return m_anyRowText.isEmpty() ? 0 : 1; }

    NodeClient *m_client;
    QString m_anyRowText;
    std::vector<Node> m_nodes;
    QPointer<PendingCall> m_pending;
    CallError m_error;
};
