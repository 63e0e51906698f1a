#pragma once

#include <QAbstractHttpServer>
#include <QHttpServerRequest>

class QHttpServerResponder;

namespace chat::server {

class MetricsEndpoint;

// The metrics listener's whole site (--metrics-port): GET /metrics, and 404 for anything else,
// so that the figures can be kept off the public port.
class MetricsServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit MetricsServer(const MetricsEndpoint &endpoint, QObject *parent = nullptr);

    // The answer to a request for /metrics with `method`, on either listener.
    static void answer(const MetricsEndpoint &endpoint, QHttpServerRequest::Method method,
                       QHttpServerResponder &responder);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    const MetricsEndpoint &m_endpoint;
};

} // namespace chat::server
