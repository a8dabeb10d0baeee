#pragma once

#include "services/call_error.h"

#include <QDateTime>
#include <QHash>
#include <QString>

// One idempotency key per user intent, kept across retries and restarts of
// the client.
//
// An intent is what the user asked for, written as a string by the caller:
// the action, the object and every choice that matters, e.g.
// "refund|EU1-01J…|line:2x1|reason:damaged". keyFor() gives the same key
// for the same intent until settle() is called: a retry after a timeout,
// a second click, or the same action after the client crashed and started
// again all carry the key of the first attempt, so the server does the work
// once and answers the others as replays. Call settle() once the server has
// given a final answer (done, or refused for good); the next identical
// action is then a new intent with a new key (a second goodwill refund of
// the same amount is a real second refund).
//
// Open intents live in a small JSON file (written atomically with
// QSaveFile) under the client's data folder; intents older than a day are
// forgotten (the server keeps idempotency keys longer than that). The scope
// (server address and principal, set at sign-in) is part of every intent,
// so two users of one computer never share a key.
class IntentKeys
{
public:
    // `filePath` empty: the default, <AppDataLocation>/intents.json.
    explicit IntentKeys(QString filePath = {});

    void setScope(const QString &scope);
    QString keyFor(const QString &intent);
    void settle(const QString &intent);
    // The one rule for an answer: settles the intent unless the call failed
    // for a transient reason (then it may have reached the server, and the
    // next attempt must carry the same key).
    void settleIfFinal(const QString &intent, const CallError &answer);
    // True while the intent has a key that was not settled (an earlier
    // attempt may have reached the server).
    bool isOpen(const QString &intent) const;
    int openCount() const { return int(m_open.size()); }

private:
    struct Entry
    {
        QString key;
        QDateTime created;
    };
    QString fullIntent(const QString &intent) const;
    void load();
    void save() const;

    QString m_path;
    QString m_scope;
    QHash<QString, Entry> m_open;
};
