#include "server/api/router.h"

#include "server/api/metrics/metricsserver.h"
#include "server/api/request/requestlogscope.h"
#include "server/api/rooms/presencetracker.h"
#include "server/api/rooms/sharedpresence.h"
#include "server/http/screenedlistener.h"
#include "shared/model/validation.h"
#include "shared/text/urlencoding.h"

#include <algorithm>

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcHttp, "chat.server.http")

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;
using Route = chat::server::RequestMetrics::Route;

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

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Delete:
        return "DELETE";
    case Method::Put:
        return "PUT";
    case Method::Patch:
        return "PATCH";
    default:
        return "OTHER";
    }
}

std::unique_ptr<Presence> makePresence(MessageStore &store, const Router::Options &options)
{
    if (options.sharedStore)
        return std::make_unique<SharedPresence>(store.presence(), options.presenceTimeoutMs);
    return std::make_unique<PresenceTracker>(options.presenceTimeoutMs);
}

// Names the request's route for the request metrics.
void tag(QHttpServerResponder &responder, RequestMetrics::Route route)
{
    ScreenedListener::tagRequest(responder.socket(), int(route));
}

} // namespace

Router::Router(MessageStore &store, StreamHub &hub, GripPublisher *publisher, Options options,
               QObject *parent)
    : QAbstractHttpServer(parent)
    , m_trustedProxies(std::move(options.trustedProxies))
    , m_gripSig(std::move(options.grip))
    , m_delivery(store, hub, publisher)
    , m_bans(store)
    , m_messages(store, m_delivery, m_bans, options.postRate)
    , m_events(store, hub, m_delivery.feed(), options.events)
    , m_presence(makePresence(store, options))
    , m_ephemeralLimits(options.postRate, u"presence and typing updates"_s)
    , m_presenceEndpoint(*m_presence, m_delivery, m_bans, m_ephemeralLimits)
    , m_typing(m_delivery, m_bans, m_ephemeralLimits)
    , m_rooms(store, *m_presence)
    , m_moderation(store, m_delivery, m_bans, std::move(options.adminToken))
    , m_health({ &store, &hub, publisher, nullptr, &m_messages, &m_events, &m_ephemeralLimits,
                 options.postRate.perSecond, options.postRate.burst,
                 options.events.maxStreamsPerClient })
    , m_metrics({ &store, &hub, publisher, &m_messages, &m_events, &m_ephemeralLimits,
                  &m_requestMetrics })
    , m_metricsHere(options.metricsOnApiListener)
    , m_site(options.webRoot)
{ }

Result<void> Router::prepare()
{
    return m_bans.load();
}

void Router::listenOn(ScreenedListener *listener)
{
    m_health.setListener(listener);
    observe(listener, u"api"_s);
    bind(listener);
}

void Router::serveMetricsOn(ScreenedListener *listener)
{
    observe(listener, u"metrics"_s);
    auto *server = new MetricsServer(m_metrics, this);
    server->bind(listener);
}

void Router::observe(ScreenedListener *listener, const QString &name)
{
    m_metrics.addListener(listener, name);
    listener->setResponseObserver([this](int route, int status, qint64 nanoseconds) {
        m_requestMetrics.record(RequestMetrics::Route(route), status, nanoseconds);
    });
}

bool Router::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (ScreenedListener::isRejected(socket))
        return true; // already answered
    const RequestScreen::Head head = ScreenedListener::requestHandled(socket);
    QHttpServerResponder responder = makeResponder(request, socket);
    const RequestContext context = contextOf(request, head);
    const RequestLogScope logScope(methodName(request.method()), context);
    dispatch(context, request, responder);
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
        tag(responder, Route::Health);
        if (method == Method::Get)
            m_health.reply().send(responder);
        else
            methodNotAllowed("GET").send(responder);
        return;
    }
    if (m_metricsHere && *segments == QStringList { u"metrics"_s }) {
        tag(responder, Route::Metrics);
        MetricsServer::answer(m_metrics, method, responder);
        return;
    }

    // /rooms/ and /rooms/{room}/<resource>/ (the trailing slash is optional).
    const bool trailing = segments->constLast().isEmpty();
    const qsizetype depth = segments->size() - (trailing ? 1 : 0);
    if (segments->at(0) == u"rooms" && depth == 1) {
        tag(responder, Route::Rooms);
        if (method == Method::Get)
            m_rooms.list(context).send(responder);
        else if (method == Method::Options)
            options("GET, OPTIONS").send(responder);
        else
            methodNotAllowed("GET, OPTIONS").send(responder);
        return;
    }
    if (segments->at(0) == u"rooms" && depth == 3) {
        dispatchRoom(segments->at(1), segments->at(2), context, request, responder);
        return;
    }
    // The operator's: /rooms/{room}/messages/{id}/ and /admin/bans/[{id}/].
    const auto isNumber = [](const QString &segment) {
        return !segment.isEmpty() && std::all_of(segment.begin(), segment.end(), [](QChar c) {
            return c >= u'0' && c <= u'9';
        });
    };
    const bool messageById = segments->at(0) == u"rooms" && depth == 4
        && segments->at(2) == u"messages" && isNumber(segments->at(3));
    if (messageById || (segments->at(0) == u"admin" && depth >= 2 && depth <= 3)) {
        tag(responder, Route::Moderation);
        dispatchAdmin(segments->mid(0, depth), request, responder);
        return;
    }

    tag(responder, Route::Static);
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

void Router::dispatchRoom(const QString &room, const QString &resource,
                          const RequestContext &context, const QHttpServerRequest &request,
                          QHttpServerResponder &responder)
{
    struct Resource
    {
        QStringView name;
        bool get;
        bool post;
        QByteArray allow;
    };
    static const Resource resources[] = {
        { u"messages", true, true, "GET, POST, OPTIONS" },
        { u"events", true, false, "GET, OPTIONS" },
        { u"presence", true, true, "GET, POST, OPTIONS" },
        { u"typing", false, true, "POST, OPTIONS" },
    };
    const auto it = std::find_if(std::begin(resources), std::end(resources),
                                 [&](const Resource &r) { return r.name == resource; });
    if (it == std::end(resources)) {
        HttpReply::error(404, u"nothing here: /rooms/{room}/%1/"_s.arg(resource)).send(responder);
        return;
    }
    const Method method = request.method();
    if (method == Method::Options) {
        options(it->allow).send(responder);
        return;
    }
    if (!((method == Method::Get && it->get) || (method == Method::Post && it->post))) {
        methodNotAllowed(it->allow).send(responder);
        return;
    }
    if (const auto checked = checkRoomName(room); !checked) {
        HttpReply::error(checked.error()).send(responder);
        return;
    }
    const bool get = method == Method::Get;
    tag(responder,
        it->name == u"messages"       ? (get ? Route::History : Route::Post)
            : it->name == u"events"   ? Route::Events
            : it->name == u"presence" ? Route::Presence
                                      : Route::Typing);
    if (it->name == u"messages") {
        if (get)
            m_messages.history(room, context).send(responder);
        else
            m_messages.post(room, context, request, std::move(responder));
    } else if (it->name == u"events") {
        m_events.open(room, context, request, std::move(responder));
    } else if (it->name == u"presence") {
        (get ? m_presenceEndpoint.online(room) : m_presenceEndpoint.post(room, context, request))
            .send(responder);
    } else {
        m_typing.post(room, context, request).send(responder);
    }
}

void Router::dispatchAdmin(const QStringList &path, const QHttpServerRequest &request,
                           QHttpServerResponder &responder)
{
    const Method method = request.method();
    const bool message = path.at(0) == u"rooms";
    const bool banList = !message && path.at(1) == u"bans" && path.size() == 2;
    const bool ban = !message && path.at(1) == u"bans" && path.size() == 3;
    if (!message && !banList && !ban) {
        HttpReply::error(404, u"nothing here"_s).send(responder);
        return;
    }
    const QByteArray allow = banList ? "GET, POST, OPTIONS" : "DELETE, OPTIONS";
    if (method == Method::Options) {
        options(allow).send(responder);
        return;
    }
    const bool allowed
        = banList ? (method == Method::Get || method == Method::Post) : method == Method::Delete;
    if (!allowed) {
        methodNotAllowed(allow).send(responder);
        return;
    }
    if (auto refused = m_moderation.refuse(request)) {
        refused->send(responder);
        return;
    }
    if (message) {
        if (const auto checked = checkRoomName(path.at(1)); !checked)
            HttpReply::error(checked.error()).send(responder);
        else
            m_moderation.removeMessage(path.at(1), path.at(3)).send(responder);
    } else if (ban) {
        m_moderation.removeBan(path.at(2)).send(responder);
    } else if (method == Method::Get) {
        m_moderation.listBans().send(responder);
    } else {
        m_moderation.addBan(request).send(responder);
    }
}

} // namespace chat::server
