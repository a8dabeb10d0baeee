#include "services/intent_keys.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

namespace {
constexpr qint64 kForgetAfterSecs = 24 * 3600;
}

IntentKeys::IntentKeys(QString filePath) : m_path(std::move(filePath))
{
    if (m_path.isEmpty())
        m_path = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                + QStringLiteral("/intents.json");
    load();
}

void IntentKeys::setScope(const QString &scope)
{
    m_scope = scope;
}

QString IntentKeys::fullIntent(const QString &intent) const
{
    // Hashed, so the file holds no order ids or amounts in clear.
    return QString::fromLatin1(
            QCryptographicHash::hash((m_scope + QLatin1Char('\n') + intent).toUtf8(),
                                     QCryptographicHash::Sha256)
                    .toHex());
}

QString IntentKeys::keyFor(const QString &intent)
{
    const QString id = fullIntent(intent);
    const auto it = m_open.constFind(id);
    if (it != m_open.constEnd())
        return it->key;
    const QString key = QStringLiteral("desk-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_open.insert(id, Entry{key, QDateTime::currentDateTimeUtc()});
    save();
    return key;
}

void IntentKeys::settle(const QString &intent)
{
    if (m_open.remove(fullIntent(intent)) > 0)
        save();
}

void IntentKeys::settleIfFinal(const QString &intent, const CallError &answer)
{
    if (!answer.isTransient())
        settle(intent);
}

bool IntentKeys::isOpen(const QString &intent) const
{
    return m_open.contains(fullIntent(intent));
}

void IntentKeys::load()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        const QJsonObject o = it.value().toObject();
        const QDateTime created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(),
                                                        Qt::ISODateWithMs);
        const QString key = o.value(QStringLiteral("key")).toString();
        if (key.isEmpty() || !created.isValid() || created.secsTo(now) > kForgetAfterSecs)
            continue;
        m_open.insert(it.key(), Entry{key, created});
    }
}

void IntentKeys::save() const
{
    QJsonObject root;
    for (auto it = m_open.constBegin(); it != m_open.constEnd(); ++it)
        root.insert(it.key(),
                    QJsonObject{{QStringLiteral("key"), it->key},
                                {QStringLiteral("created"), it->created.toString(Qt::ISODateWithMs)}});
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return; // keys then live for this run only; retries still share them
    file.write(QJsonDocument(root).toJson(QJsonDocument::Compact));
    file.commit();
}
