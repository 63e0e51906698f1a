#pragma once

#include "shared/model/result.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QObject>
#include <QString>
#include <QUrl>
#include <initializer_list>
#include <utility>

class QNetworkAccessManager;

namespace chat::desktop {

// Where the chat's endpoints are, for one server URL (the origin, or the GRIP proxy in front
// of it), and the network access they share.
class ChatApi : public QObject
{
    Q_OBJECT
public:
    explicit ChatApi(QUrl baseUrl, QObject *parent = nullptr);

    QUrl baseUrl() const { return m_baseUrl; }
    QNetworkAccessManager *network() const { return m_network; }

    QUrl healthUrl() const;
    // <base>/rooms/<percent-encoded room>/messages/ (query: before, limit when set)
    QUrl messagesUrl(const QString &room, qint64 before = 0, int limit = 0) const;
    QUrl eventsUrl(const QString &room) const;
    QUrl presenceUrl(const QString &room) const;
    QUrl typingUrl(const QString &room) const;
    // <base>/rooms/ (query: limit when set, before = the last room of the previous page)
    QUrl roomsUrl(int limit = 0, const QString &before = {}) const;

    // A POST of form fields that expects JSON (or nothing) back, given up after `timeoutMs`.
    static QNetworkRequest formRequest(const QUrl &url, int timeoutMs);
    // application/x-www-form-urlencoded, each value percent-encoded in full (QUrlQuery would
    // leave '+' and '&' alone, which a form decoder reads as a space and a separator).
    static QByteArray formBody(std::initializer_list<std::pair<QByteArray, QString>> fields);

    // A server URL as the user typed it ("localhost:3000" → "http://localhost:3000"), or why
    // it cannot be one.
    static Result<QUrl> normalizeServerUrl(const QString &text);

private:
    QUrl endpoint(const QByteArray &encodedPath) const;

    QUrl m_baseUrl;
    QNetworkAccessManager *m_network;
};

} // namespace chat::desktop
