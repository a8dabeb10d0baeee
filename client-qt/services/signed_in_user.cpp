#include "services/signed_in_user.h"

namespace {
QString fullMethod(const QString &method)
{
    return method.startsWith(QStringLiteral("oms.v1.")) ? method
                                                        : QStringLiteral("oms.v1.") + method;
}

// Who to ask instead, by the kind of action.
QString whoCan(const QString &method)
{
    if (method.contains(QStringLiteral("Refund")) || method.contains(QStringLiteral("Approve")))
        return QStringLiteral("a supervisor can");
    if (method.contains(QStringLiteral("FulfillmentService")))
        return QStringLiteral("the staff of the node can");
    if (method.contains(QStringLiteral("AdminService")))
        return QStringLiteral("an administrator can");
    return QStringLiteral("ask a supervisor");
}
} // namespace

bool SignedInUser::may(const QString &method) const
{
    return allowedMethods.isEmpty() || allowedMethods.contains(fullMethod(method));
}

QString SignedInUser::whyNot(const QString &method, const QString &what) const
{
    if (may(method))
        return {};
    return QStringLiteral("Your role (%1) may not %2; %3.").arg(role, what, whoCan(method));
}

QStringList SignedInUser::workplaces() const
{
    if (role == QLatin1String("store"))
        return stores;
    if (role == QLatin1String("warehouse"))
        return nodes;
    return {};
}
