#include "test_support.h"

#include "oms/v1/order_service.grpc.pb.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <QFile>
#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

OmsdProcess::OmsdProcess() = default;

OmsdProcess::~OmsdProcess()
{
    stop();
    if (m_partners) {
        m_partners->kill();
        m_partners->waitForFinished(5000);
    }
}

bool OmsdProcess::startPartners(QString *error)
{
    if (m_partners && m_partners->state() != QProcess::NotRunning)
        return true;
    const QString program = QFileInfo(binary()).dir().filePath(QStringLiteral("oms-partners"));
    if (!QFileInfo(program).isExecutable())
        return true; // card tenders then wait on an AWAITING_PAYMENT hold
    m_partnersPort = freePort();
    m_partners = std::make_unique<QProcess>();
    m_partners->setProcessChannelMode(QProcess::MergedChannels);
    m_partners->start(program, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_partnersPort),
                                QStringLiteral("--secret"), QStringLiteral("partners-dev-secret")});
    // Ready once it accepts a connection.
    const bool up = QTest::qWaitFor(
            [this] {
                if (m_partners->state() == QProcess::NotRunning)
                    return true;
                const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
                sockaddr_in addr{};
                addr.sin_family = AF_INET;
                addr.sin_port = htons(quint16(m_partnersPort));
                addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                const bool connected = ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
                ::close(fd);
                return connected;
            },
            15000);
    if (!up || m_partners->state() == QProcess::NotRunning) {
        *error = QStringLiteral("oms-partners did not start: %1").arg(QString::fromUtf8(m_partners->readAll()));
        return false;
    }
    return true;
}

QString OmsdProcess::binary()
{
    const QString fromEnv = qEnvironmentVariable("OMSD_BIN");
    if (!fromEnv.isEmpty() && QFileInfo(fromEnv).isExecutable())
        return fromEnv;
#ifdef OMS_DESK_TEST_OMSD
    const QString built = QStringLiteral(OMS_DESK_TEST_OMSD);
    if (QFileInfo(built).isExecutable())
        return built;
#endif
    return {};
}

bool OmsdProcess::start(QString *error, int port, int timeoutMs)
{
    const QString program = binary();
    if (program.isEmpty()) {
        *error = QStringLiteral("no omsd binary: build target omsd or set OMSD_BIN");
        return false;
    }
    if (!startPartners(error))
        return false;
    m_port = port > 0 ? port : freePort();
    m_output.clear();
    const QString config = m_dataDir.filePath(QStringLiteral("omsd.toml"));
    QDir().mkpath(m_dataDir.filePath(QStringLiteral("data")));
    {
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            *error = QStringLiteral("cannot write %1").arg(config);
            return false;
        }
        QString toml = QStringLiteral("region = \"%3\"\nlisten = \"%1\"\ndata_dir = \"%2\"\n")
                               .arg(address(), m_dataDir.filePath(QStringLiteral("data")), m_region);
        if (m_partners)
            toml += QStringLiteral("[[gateway]]\nname = \"gw-sim\"\nbase_url = \"http://127.0.0.1:%1\"\n"
                                   "secret = \"partners-dev-secret\"\ncurrencies = [\"EUR\", \"USD\", \"GBP\"]\n"
                                   "timeout_ms = 5000\n")
                            .arg(m_partnersPort);
        toml += m_extraConfig;
        file.write(toml.toUtf8());
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(),
                     [this] { m_output += QString::fromUtf8(m_process->readAll()); });
    m_process->start(program, {QStringLiteral("--config"), config, QStringLiteral("--demo")});
    const bool ready = QTest::qWaitFor(
            [this] {
                return m_output.contains(QStringLiteral("omsd listening on"))
                        || m_process->state() == QProcess::NotRunning;
            },
            timeoutMs);
    if (!ready || m_process->state() == QProcess::NotRunning) {
        *error = QStringLiteral("omsd did not start on %1: %2").arg(address(), m_output);
        kill();
        return false;
    }
    return true;
}

void OmsdProcess::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(10000);
    }
}

void OmsdProcess::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
}

bool OmsdProcess::ensureOrders(QString *error)
{
    auto channel = grpc::CreateChannel(address().toStdString(), grpc::InsecureChannelCredentials());
    auto stub = oms::v1::OrderService::NewStub(channel);
    auto context = [](const char *token) {
        auto c = std::make_unique<grpc::ClientContext>();
        c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
        c->AddMetadata("authorization", std::string("Bearer ") + token);
        return c;
    };
    oms::v1::SearchOrdersRequest search;
    oms::v1::SearchOrdersResponse found;
    grpc::Status status = stub->SearchOrders(context("demo-agent-token").get(), search, &found);
    if (!status.ok()) {
        *error = QStringLiteral("SearchOrders: %1").arg(QString::fromStdString(status.error_message()));
        return false;
    }
    if (found.orders_size() > 0)
        return true;
    QFile file(QStringLiteral(OMS_DESK_TEST_FALLBACK_ORDERS));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(file.fileName());
        return false;
    }
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        oms::v1::PlaceOrderRequest request;
        if (!google::protobuf::util::JsonStringToMessage(line.toStdString(), &request).ok()) {
            *error = QStringLiteral("bad fallback order: %1").arg(QString::fromUtf8(line));
            return false;
        }
        oms::v1::PlaceOrderResponse placed;
        status = stub->PlaceOrder(context("demo-channel-web-token").get(), request, &placed);
        if (!status.ok()) {
            *error = QStringLiteral("PlaceOrder %1: %2")
                             .arg(QString::fromStdString(request.request_id()),
                                  QString::fromStdString(status.error_message()));
            return false;
        }
    }
    return true;
}

bool OmsdProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}
