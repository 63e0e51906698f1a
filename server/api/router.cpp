#include "server/api/router.h"

#include "server/grip/grippublisher.h"
#include "server/http/screenedlistener.h"
#include "server/store/messagestore.h"
#include "server/streams/streamhub.h"
#include "shared/model/validation.h"
#include "shared/text/urlencoding.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcHttp, "chat.server.http")

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace chat::server {

namespace {

HttpReply methodNotAllowed(QByteArray allow)
{
    return HttpReply::error(405,
                            u"method not allowed; allowed: %1"_s.arg(QString::fromLatin1(allow)))
        .withHeader("Allow", std::move(allow));
}

HttpReply options(QByteArray allow)
{
    return HttpReply { 204, { { "Allow", std::move(allow) } }, {} };
}

} // namespace

Router::Router(MessageStore &store, StreamHub &hub, GripPublisher *publisher, Options options,
               QObject *parent)
    : QAbstractHttpServer(parent)
    , m_store(store)
    , m_hub(hub)
    , m_publisher(publisher)
    , m_delivery(hub, publisher)
    , m_messages(store, m_delivery)
    , m_events(store, hub, options.events, std::move(options.grip))
    , m_site(options.webRoot)
{ }

bool Router::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (ScreenedListener::isRejected(socket))
        return true; // already answered
    ScreenedListener::requestHandled(socket);
    QHttpServerResponder responder = makeResponder(request, socket);
    dispatch(request, responder);
    return true;
}

void Router::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    HttpReply::error(404, u"not found"_s).send(responder);
}

void Router::dispatch(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const Method method = request.method();
    const QByteArray rawPath = request.url().path(QUrl::FullyEncoded).toLatin1();
    qCDebug(lcHttp) << method << rawPath;
    const auto segments = urlencoding::decodePath(rawPath);
    if (!segments) {
        HttpReply::error(400, u"request path: %1"_s.arg(segments.error().message)).send(responder);
        return;
    }

    if (*segments == QStringList { u"healthz"_s }) {
        if (method == Method::Get)
            health().send(responder);
        else
            methodNotAllowed("GET").send(responder);
        return;
    }

    // /rooms/{room}/messages/ and /rooms/{room}/events/ (the trailing slash is optional).
    const bool roomRoute = segments->size() >= 3 && segments->size() <= 4
        && segments->at(0) == u"rooms"
        && (segments->at(2) == u"messages" || segments->at(2) == u"events")
        && (segments->size() == 3 || segments->at(3).isEmpty());
    if (roomRoute) {
        const QString &room = segments->at(1);
        const bool messages = segments->at(2) == u"messages";
        const QByteArray allow = messages ? "GET, POST, OPTIONS" : "GET, OPTIONS";
        if (method == Method::Options) {
            options(allow).send(responder);
            return;
        }
        const bool allowed = method == Method::Get || (messages && method == Method::Post);
        if (!allowed) {
            methodNotAllowed(allow).send(responder);
            return;
        }
        if (const auto checked = checkRoomName(room); !checked) {
            HttpReply::error(checked.error()).send(responder);
            return;
        }
        if (!messages)
            m_events.open(room, request, std::move(responder));
        else if (method == Method::Get)
            m_messages.history(room, request).send(responder);
        else
            m_messages.post(room, request, std::move(responder));
        return;
    }

    auto page = m_site.serve(*segments);
    if (!page) {
        HttpReply::error(404, u"nothing here: %1"_s.arg(QString::fromLatin1(rawPath)))
            .send(responder);
        return;
    }
    if (method == Method::Get)
        page->send(responder);
    else if (method == Method::Head)
        page->send(responder, HttpReply::Body::Omit);
    else if (method == Method::Options)
        options("GET, HEAD, OPTIONS").send(responder);
    else
        methodNotAllowed("GET, HEAD, OPTIONS").send(responder);
}

HttpReply Router::health()
{
    const bool healthy = m_store.isHealthy();
    const QByteArray state = healthy ? "ok" : "unavailable";
    QByteArray body = "{\"status\": \"" + state + "\", \"database\": \"" + state
        + "\", \"streams\": " + QByteArray::number(m_hub.streamCount())
        + ", \"unsentBytes\": " + QByteArray::number(m_hub.unsentBytes()) + ", \"version\": \""
        + QCoreApplication::applicationVersion().toLatin1() + '"';
    if (m_publisher) {
        const GripPublisher::Stats stats = m_publisher->stats();
        body += ", \"grip\": {\"published\": " + QByteArray::number(stats.published)
            + ", \"queued\": " + QByteArray::number(stats.queued)
            + ", \"failedAttempts\": " + QByteArray::number(stats.failedAttempts)
            + ", \"undeliverable\": " + QByteArray::number(stats.undeliverable) + '}';
    }
    return HttpReply::json(body + "}\n", healthy ? 200 : 503);
}

} // namespace chat::server
