#include "server/chatserver.h"

#include "server/chathttpserver.h"
#include "server/messagestore.h"
#include "server/screeningtcpserver.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcServer, "chat.server")

using namespace Qt::StringLiterals;

namespace chat::server {

ChatServer::ChatServer(ServerSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_store(std::make_unique<MessageStore>())
{
    m_hub = new EventStreamHub(m_settings.streams, this);
    if (m_settings.grip)
        m_publisher = new GripPublisher(*m_settings.grip, m_settings.publishing, this);
    m_settings.events.keepAliveSeconds = std::max(1, m_settings.streams.keepAliveMs / 1000);
    m_http = new ChatHttpServer(*m_store, *m_hub, m_publisher,
                                { m_settings.webRoot, m_settings.events, m_settings.grip }, this);
}

ChatServer::~ChatServer()
{
    stop();
}

bool ChatServer::start(QString *error)
{
    const QFileInfo database(m_settings.databasePath);
    if (!QDir().mkpath(database.absolutePath())) {
        *error = u"cannot create the directory %1"_s.arg(database.absolutePath());
        return false;
    }
    if (!m_store->open(m_settings.databasePath, error, m_settings.sync))
        return false;

    m_tcp = new ScreeningTcpServer(m_settings.limits, this);
    m_tcp->setListenBacklogSize(m_settings.listenBacklog);
    if (!m_tcp->listen(m_settings.bind, m_settings.port)) {
        *error = u"cannot listen on %1 port %2: %3"_s.arg(m_settings.bind.toString())
                     .arg(m_settings.port)
                     .arg(m_tcp->errorString());
        delete std::exchange(m_tcp, nullptr);
        m_store->close();
        return false;
    }
    m_http->bind(m_tcp);
    qCInfo(lcServer).noquote() << "listening on" << url();
    if (m_settings.grip) {
        const grip::GripConfig &grip = *m_settings.grip;
        qCInfo(lcServer).noquote()
            << "publishing to" << grip.publishUrl().toString(QUrl::RemoveUserInfo);
        if (!grip.verifier)
            qCWarning(lcServer) << "GRIP_URL has no key to check Grip-Sig with (verify-key, key or "
                                   "GRIP_VERIFY_KEY): every stream is served directly";
    }
    return true;
}

void ChatServer::stop()
{
    m_hub->closeAll();
    if (m_tcp)
        m_tcp->close();
    m_store->close();
}

quint16 ChatServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QString ChatServer::url() const
{
    QString host = m_settings.bind.toString();
    if (m_settings.bind.protocol() == QAbstractSocket::IPv6Protocol)
        host = u"[%1]"_s.arg(host);
    return u"http://%1:%2/"_s.arg(host).arg(port());
}

} // namespace chat::server
