#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <utility>

namespace chat::test {

// A parsed HTTP/1.1 response (Content-Length or chunked body).
struct HttpResponse
{
    int status = 0; // 0: no complete response (connection failed or timed out)
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray raw;

    QByteArray header(QByteArrayView name) const; // first value, case-insensitive
    // The "error" of the server's JSON error body; empty when there is none.
    QString errorMessage() const;
};

// Sends raw bytes to 127.0.0.1:port on a fresh connection and reads one response. For hostile
// input that QNetworkAccessManager would never send.
HttpResponse rawRequest(quint16 port, const QByteArray &request, int timeoutMs = 5000);

// Convenience wrappers over rawRequest (HTTP/1.1, Connection: close).
HttpResponse get(quint16 port, const QByteArray &target,
                 const QList<std::pair<QByteArray, QByteArray>> &headers = {});
HttpResponse post(quint16 port, const QByteArray &target, const QByteArray &contentType,
                  const QByteArray &body);
HttpResponse postForm(quint16 port, const QString &room, const QString &from, const QString &text);

// A room's whole history as a client that reads it all sees it: page after page through
// ?before=, oldest first, as (id, text) pairs; up to the first page that is empty or not a 200.
QList<std::pair<qint64, QString>> wholeHistory(quint16 port, const QByteArray &room);
// Its texts only.
QStringList wholeHistoryTexts(quint16 port, const QByteArray &room);

// Parses one response from the start of `bytes`; status 0 when incomplete.
HttpResponse parseResponse(const QByteArray &bytes);

} // namespace chat::test
