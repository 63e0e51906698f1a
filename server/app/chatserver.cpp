#include "server/app/chatserver.h"

#include "server/api/router.h"
#include "server/grip/grippublisher.h"
#include "server/http/screenedlistener.h"
#include "server/store/messagestore.h"
#include "server/streams/streamhub.h"

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
    m_hub = new StreamHub(m_settings.streams, this);
    if (m_settings.grip)
        m_publisher = new GripPublisher(*m_settings.grip, m_settings.publishing, this);
    m_settings.events.keepAliveSeconds = std::max(1, m_settings.streams.keepAliveMs / 1000);
    m_router = new Router(*m_store, *m_hub, m_publisher,
                          { m_settings.webRoot, m_settings.events, m_settings.grip }, this);
}

ChatServer::~ChatServer()
{
    stop();
}

Result<void> ChatServer::start()
{
    const QFileInfo database(m_settings.databasePath);
    if (!QDir().mkpath(database.absolutePath()))
        return Error { u"cannot create the directory %1"_s.arg(database.absolutePath()) };
    if (auto opened = m_store->open(m_settings.databasePath, m_settings.sync); !opened)
        return opened;

    m_listener = new ScreenedListener(m_settings.limits, this);
    m_listener->setListenBacklogSize(m_settings.listenBacklog);
    if (!m_listener->listen(m_settings.bind, m_settings.port)) {
        const Error error { u"cannot listen on %1 port %2: %3"_s.arg(m_settings.bind.toString())
                                .arg(m_settings.port)
                                .arg(m_listener->errorString()) };
        delete std::exchange(m_listener, nullptr);
        m_store->close();
        return error;
    }
    m_router->bind(m_listener);
    qCInfo(lcServer).noquote() << "listening on" << url();
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
    m_store->close();
}

quint16 ChatServer::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QString ChatServer::url() const
{
    QString host = m_settings.bind.toString();
    if (m_settings.bind.protocol() == QAbstractSocket::IPv6Protocol)
        host = u"[%1]"_s.arg(host);
    return u"http://%1:%2/"_s.arg(host).arg(port());
}

} // namespace chat::server
