#include "server/api/router.h"

#include "server/http/screenedlistener.h"
#include "shared/model/validation.h"
#include "shared/text/urlencoding.h"

#include <QDateTime>
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
    , m_trustedProxies(std::move(options.trustedProxies))
    , m_gripSig(std::move(options.grip))
    , m_delivery(hub, publisher)
    , m_messages(store, m_delivery, options.postRate)
    , m_events(store, hub, options.events)
    , m_health({ &store, &hub, publisher, nullptr, &m_messages, &m_events,
                 options.postRate.perSecond, options.postRate.burst,
                 options.events.maxStreamsPerClient })
    , m_site(options.webRoot)
{ }

void Router::listenOn(ScreenedListener *listener)
{
    m_health.setListener(listener);
    bind(listener);
}

bool Router::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (ScreenedListener::isRejected(socket))
        return true; // already answered
    const RequestScreen::Head head = ScreenedListener::requestHandled(socket);
    QHttpServerResponder responder = makeResponder(request, socket);
    dispatch(contextOf(request, head), request, responder);
    return true;
}

RequestContext Router::contextOf(const QHttpServerRequest &request,
                                 const RequestScreen::Head &head) const
{
    RequestContext context;
    const qsizetype question = head.target.indexOf('?');
    context.path = question < 0 ? head.target : head.target.first(question);
    context.query = urlencoding::decodeForm(
        question < 0 ? QByteArrayView() : QByteArrayView(head.target).sliced(question + 1));
    context.http10 = head.http10;
    const QByteArray gripSig = request.value("grip-sig");
    context.viaProxy
        = !gripSig.isEmpty() && m_gripSig.passes(gripSig, QDateTime::currentSecsSinceEpoch());
    const QHostAddress peer = request.remoteAddress();
    context.client = clientAddress(peer, request.value("x-forwarded-for"),
                                   context.viaProxy || m_trustedProxies.contains(peer));
    return context;
}

void Router::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    HttpReply::error(404, u"not found"_s).send(responder);
}

void Router::dispatch(const RequestContext &context, const QHttpServerRequest &request,
                      QHttpServerResponder &responder)
{
    const Method method = request.method();
    const QByteArray &rawPath = context.path;
    qCDebug(lcHttp) << method << rawPath << "from" << context.client;
    const auto segments = urlencoding::decodePath(rawPath);
    if (!segments) {
        HttpReply::error(400, u"request path: %1"_s.arg(segments.error().message)).send(responder);
        return;
    }

    if (*segments == QStringList { u"healthz"_s }) {
        if (method == Method::Get)
            m_health.reply().send(responder);
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
            m_events.open(room, context, request, std::move(responder));
        else if (method == Method::Get)
            m_messages.history(room, context).send(responder);
        else
            m_messages.post(room, context, request, std::move(responder));
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

} // namespace chat::server
