#pragma once

#include <QString>
#include <QTemporaryDir>

#include <QProcess>

#include <memory>

// A free TCP port on 127.0.0.1 (bound, then released).
int freePort();

// A real omsd started for a test: build/bin/omsd --config <temp>/omsd.toml
// --demo (listening on 127.0.0.1:PORT, data in a temporary folder), ready
// once it printed "omsd listening on". When oms-partners sits beside the
// omsd binary it is started too, on its own free port, as the card gateway
// omsd uses (as scripts/run.sh does), so card orders are authorized and
// confirmed; it outlives kill() and start() of omsd.
class OmsdProcess
{
public:
    OmsdProcess();
    ~OmsdProcess();

    // The omsd binary the tests were built with (OMS_DESK_TEST_OMSD), or
    // $OMSD_BIN. Empty when neither exists.
    static QString binary();

    // Starts on `port` (0: a free one) and waits up to `timeoutMs` for the
    // listening line. On failure *error says why, with omsd's output.
    bool start(QString *error, int port = 0, int timeoutMs = 30000);
    // TOML appended to the configuration of the next start(), e.g. raised
    // rate limits for a test that floods the server on purpose.
    void setExtraConfig(const QString &toml) { m_extraConfig = toml; }
    // The region of the next start() (EU1 unless set).
    void setRegion(const QString &region) { m_region = region; }
    // Kills the server (SIGKILL, as a crash would) and waits for it.
    void kill();
    // Stops (SIGTERM) and waits.
    void stop();
    bool isRunning() const;
    // omsd --demo is meant to place demo orders; one that placed none (older
    // builds) gets fallback_orders.jsonl through PlaceOrder, so the tests
    // have orders to find either way. Blocks; call before the GUI runs.
    bool ensureOrders(QString *error);
    int port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString output() const { return m_output; }

private:
    bool startPartners(QString *error);

    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QProcess> m_partners;
    int m_partnersPort = 0;
    QString m_extraConfig;
    QString m_region = QStringLiteral("EU1");
    QTemporaryDir m_dataDir;
    int m_port = 0;
    QString m_output;
};
