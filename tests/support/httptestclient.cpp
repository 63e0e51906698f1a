#include "tests/support/httptestclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>

namespace chat::test {

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (name.compare(key, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpResponse::errorMessage() const
{
    return QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toString();
}

HttpResponse parseResponse(const QByteArray &bytes)
{
    HttpResponse response;
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return response;
    const QList<QByteArray> lines = bytes.first(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            response.headers.append(
                { lines[i].first(colon).trimmed(), lines[i].sliced(colon + 1).trimmed() });
    }
    QByteArray rest = bytes.sliced(headEnd + 4);
    const int status = statusLine.value(1).toInt();
    if (status == 204 || status == 304) {
        // No body, and no length to say so.
    } else if (response.header("transfer-encoding").toLower() == "chunked") {
        QByteArray body;
        while (true) {
            const qsizetype lineEnd = rest.indexOf("\r\n");
            if (lineEnd < 0)
                return response;
            bool ok = false;
            const qsizetype size = rest.first(lineEnd).toLongLong(&ok, 16);
            if (!ok || rest.size() < lineEnd + 2 + size + 2)
                return response;
            if (size == 0)
                break;
            body += rest.sliced(lineEnd + 2, size);
            rest = rest.sliced(lineEnd + 2 + size + 2);
        }
        response.body = body;
    } else {
        bool ok = false;
        const qsizetype length = response.header("content-length").toLongLong(&ok);
        if (!ok || rest.size() < length)
            return response;
        response.body = rest.first(length);
    }
    response.status = status;
    response.raw = bytes;
    return response;
}

HttpResponse rawRequest(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    QByteArray received;
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (HttpResponse response = parseResponse(received); response.status != 0)
            return response;
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        if (socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            received += socket.readAll();
        else if (socket.state() != QAbstractSocket::ConnectedState)
            received += socket.readAll();
    }
    HttpResponse partial = parseResponse(received);
    partial.raw = received;
    return partial;
}

HttpResponse get(quint16 port, const QByteArray &target,
                 const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    return rawRequest(port, request + "\r\n");
}

HttpResponse post(quint16 port, const QByteArray &target, const QByteArray &contentType,
                  const QByteArray &body)
{
    QByteArray request = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!contentType.isEmpty())
        request += "Content-Type: " + contentType + "\r\n";
    request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return rawRequest(port, request);
}

HttpResponse postForm(quint16 port, const QString &room, const QString &from, const QString &text)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("from"), QString::fromLatin1(QUrl::toPercentEncoding(from)));
    form.addQueryItem(QStringLiteral("text"), QString::fromLatin1(QUrl::toPercentEncoding(text)));
    return post(port, "/rooms/" + QUrl::toPercentEncoding(room) + "/messages/",
                "application/x-www-form-urlencoded", form.toString(QUrl::FullyEncoded).toLatin1());
}

QList<std::pair<qint64, QString>> wholeHistory(quint16 port, const QByteArray &room)
{
    QList<std::pair<qint64, QString>> messages;
    QByteArray query = "?limit=200";
    for (;;) {
        const HttpResponse response = get(port, "/rooms/" + room + "/messages/" + query);
        const QJsonArray page = QJsonDocument::fromJson(response.body)
                                    .object()
                                    .value(QLatin1String("messages"))
                                    .toArray();
        if (response.status != 200 || page.isEmpty())
            return messages;
        for (const QJsonValue &value : page)
            messages.prepend({ value[QLatin1String("id")].toInteger(),
                               value[QLatin1String("text")].toString() });
        query = "?limit=200&before=" + QByteArray::number(messages.first().first);
    }
}

QStringList wholeHistoryTexts(quint16 port, const QByteArray &room)
{
    QStringList texts;
    for (const auto &[id, text] : wholeHistory(port, room))
        texts.append(text);
    return texts;
}

} // namespace chat::test
