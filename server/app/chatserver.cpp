#include "server/app/chatserver.h"

#include "server/api/router.h"
#include "server/grip/grippublisher.h"
#include "server/http/screenedlistener.h"
#include "server/store/messagestore.h"
#include "server/store/schema.h"
#include "server/streams/streamhub.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <sys/resource.h>

Q_LOGGING_CATEGORY(lcServer, "chat.server")

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

// Descriptors kept back from connections: the database and its WAL, the stream threads' event
// notifiers, the GRIP publisher's links, the signal pipe, logs.
constexpr rlim_t kReservedDescriptors = 100;

// As many connections as descriptors allow, less the reserve, after raising the soft limit to
// the hard one (systemd's LimitNOFILE, or ulimit -Hn): beyond it, new connections are refused
// at once rather than failing accept() with EMFILE.
int defaultMaxConnections()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1000;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    const rlim_t usable = limit.rlim_cur == RLIM_INFINITY ? rlim_t(1'000'000) : limit.rlim_cur;
    return int(std::max<rlim_t>(16, std::min<rlim_t>(usable, 1'000'000) - kReservedDescriptors));
}

} // namespace

ChatServer::ChatServer(ServerSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_store(std::make_unique<MessageStore>())
{
    m_hub = new StreamHub(m_settings.streams, this);
    if (m_settings.grip)
        m_publisher = new GripPublisher(*m_settings.grip, m_settings.publishing, this);
    m_settings.events.keepAliveSeconds = std::max(1, m_settings.streams.keepAliveMs / 1000);
    m_router = new Router(*m_store, *m_hub, m_publisher,
                          { m_settings.webRoot, m_settings.events, m_settings.grip,
                            m_settings.postRate, m_settings.trustedProxies,
                            m_settings.presenceTimeoutMs, m_settings.adminToken,
                            !m_settings.metricsPort.has_value(), m_settings.database.isPostgres() },
                          this);
}

ChatServer::~ChatServer()
{
    stop();
}

Result<void> ChatServer::openStore()
{
    if (!m_settings.database.isPostgres()) {
        const QFileInfo file(m_settings.database.path);
        if (!QDir().mkpath(file.absolutePath()))
            return Error { u"cannot create the directory %1"_s.arg(file.absolutePath()) };
    }
    if (auto opened = m_store->open(m_settings.database, m_settings.sync); !opened)
        return opened;
    if (auto prepared = m_router->prepare(); !prepared) {
        m_store->close();
        return prepared;
    }
    return {};
}

Result<QString> ChatServer::check()
{
    const QFileInfo page(QDir(m_settings.webRoot).filePath(u"index.html"_s));
    if (!page.isFile() || !page.isReadable())
        return Error { u"the web UI is not in %1 (no readable index.html): check --web-root"_s.arg(
            QDir(m_settings.webRoot).absolutePath()) };
    if (auto opened = openStore(); !opened)
        return opened.error();
    m_store->close();
    return u"the configuration is valid: database %1 (schema version %2), web UI in %3, "
           "listening on %4 port %5 when started"_s
               .arg(m_settings.database.isPostgres()
                        ? m_settings.database.display()
                        : QFileInfo(m_settings.database.path).absoluteFilePath())
               .arg(schema::kVersion)
               .arg(QDir(m_settings.webRoot).absolutePath(), m_settings.bind.toString())
               .arg(m_settings.port);
}

Result<void> ChatServer::start()
{
    if (auto opened = openStore(); !opened) {
        m_databaseFailed = true;
        return opened;
    }

    ScreenedListener::Options connections = m_settings.connections;
    if (connections.maxConnections == 0)
        connections.maxConnections = defaultMaxConnections();
    m_listener = new ScreenedListener(connections, this);
    m_listener->setListenBacklogSize(m_settings.listenBacklog);
    m_listener->setOtherConnections([hub = m_hub] { return hub->streamCount(); });
    if (!m_listener->listen(m_settings.bind, m_settings.port)) {
        const Error error { u"cannot listen on %1 port %2: %3"_s.arg(m_settings.bind.toString())
                                .arg(m_settings.port)
                                .arg(m_listener->errorString()) };
        delete std::exchange(m_listener, nullptr);
        m_store->close();
        return error;
    }
    m_router->listenOn(m_listener);
    if (m_settings.metricsPort) {
        ScreenedListener::Options scrapers = m_settings.connections;
        scrapers.maxConnections = 64; // a few Prometheus servers, not the public
        m_metricsListener = new ScreenedListener(scrapers, this);
        if (!m_metricsListener->listen(m_settings.metricsBind, *m_settings.metricsPort)) {
            const Error error { u"cannot listen for metrics on %1 port %2: %3"_s
                                    .arg(m_settings.metricsBind.toString())
                                    .arg(*m_settings.metricsPort)
                                    .arg(m_metricsListener->errorString()) };
            stop();
            return error;
        }
        m_router->serveMetricsOn(m_metricsListener);
    }
    qCInfo(lcServer).noquote() << "listening on" << url();
    if (m_metricsListener)
        qCInfo(lcServer).noquote() << "metrics on" << metricsUrl();
    if (m_settings.grip) {
        const grip::GripConfig &grip = *m_settings.grip;
        qCInfo(lcServer).noquote()
            << "publishing to" << grip.publishUrl().toString(QUrl::RemoveUserInfo);
        if (!grip.verifier)
            qCWarning(lcServer) << "GRIP_URL has no key to check Grip-Sig with (verify-key, key or "
                                   "GRIP_VERIFY_KEY): every stream is served directly";
    }
    return {};
}

void ChatServer::stop()
{
    m_hub->closeAll();
    if (m_listener)
        m_listener->close();
    if (m_metricsListener)
        m_metricsListener->close();
    m_store->close();
}

quint16 ChatServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

namespace {

QString httpUrl(const QHostAddress &address, quint16 port, const QString &path)
{
    QString host = address.toString();
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        host = u"[%1]"_s.arg(host);
    return u"http://%1:%2/%3"_s.arg(host).arg(port).arg(path);
}

} // namespace

QString ChatServer::url() const
{
    return httpUrl(m_settings.bind, port(), QString());
}

QString ChatServer::metricsUrl() const
{
    if (!m_metricsListener)
        return httpUrl(m_settings.bind, port(), u"metrics"_s);
    return httpUrl(m_settings.metricsBind, m_metricsListener->serverPort(), u"metrics"_s);
}

} // namespace chat::server
