#include "server/api/metrics/metricsserver.h"

#include "server/api/metrics/metricsendpoint.h"
#include "server/api/metrics/requestmetrics.h"
#include "server/http/httpreply.h"
#include "server/http/screenedlistener.h"

#include <QHttpServerResponder>

using namespace Qt::StringLiterals;

namespace chat::server {

MetricsServer::MetricsServer(const MetricsEndpoint &endpoint, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_endpoint(endpoint)
{ }

void MetricsServer::answer(const MetricsEndpoint &endpoint, QHttpServerRequest::Method method,
                           QHttpServerResponder &responder)
{
    if (method == QHttpServerRequest::Method::Get)
        endpoint.reply().send(responder);
    else if (method == QHttpServerRequest::Method::Head)
        endpoint.reply().send(responder, HttpReply::Body::Omit);
    else
        HttpReply::error(405, u"method not allowed; allowed: GET, HEAD"_s)
            .withHeader("Allow", "GET, HEAD")
            .send(responder);
}

bool MetricsServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (ScreenedListener::isRejected(socket))
        return true; // already answered
    const RequestScreen::Head head = ScreenedListener::requestHandled(socket);
    QHttpServerResponder responder = makeResponder(request, socket);
    const qsizetype question = head.target.indexOf('?');
    const QByteArray path = question < 0 ? head.target : head.target.first(question);
    if (path != "/metrics") {
        HttpReply::error(404, u"this listener serves /metrics only"_s).send(responder);
        return true;
    }
    ScreenedListener::tagRequest(socket, int(RequestMetrics::Route::Metrics));
    answer(m_endpoint, request.method(), responder);
    return true;
}

void MetricsServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    HttpReply::error(404, u"not found"_s).send(responder);
}

} // namespace chat::server
