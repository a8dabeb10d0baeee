#pragma once

#include <QSet>
#include <QString>
#include <QStringList>

// Who the server says the caller is (SessionService.WhoAmI, or Login), and
// what their role may do. Views use may()/whyNot() to hide or disable what
// the role may not do; the server still decides each call.
struct SignedInUser
{
    QString principalId; // e.g. staff:alice
    QString displayName;
    QString role;        // agent, supervisor, warehouse, store, admin, channel
    QString region;      // the region of the server that answered; empty after Login
    // From WhoAmI's scopes: ids, or "*" for all.
    QStringList stores;
    QStringList nodes;
    QStringList regions;
    QStringList channels;
    // Every RPC the role may call, e.g. "oms.v1.OrderService/CancelOrder"
    // (WhoAmI's allowed_methods: the server's policy table). Empty after
    // Login alone, and from a server older than the field.
    QSet<QString> allowedMethods;

    // True when the role may call `method` ("OrderService/CancelOrder"; the
    // "oms.v1." prefix may be left out). A user whose server did not say
    // (no allowed methods at all) may try anything, and the server answers.
    bool may(const QString &method) const;
    // Empty when may(method); otherwise a sentence for a tooltip or a
    // disabled button: "Your role (store) may not refund orders; a
    // supervisor can." `what` is the action in words ("refund orders").
    QString whyNot(const QString &method, const QString &what) const;
    // The nodes (warehouse) or stores (store staff) the user works at; empty
    // when not bound to nodes, {"*"} for all.
    QStringList workplaces() const;
};
