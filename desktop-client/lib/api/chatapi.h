#pragma once

#include "shared/model/result.h"

#include <QObject>
#include <QString>
#include <QUrl>

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

    // A server URL as the user typed it ("localhost:3000" → "http://localhost:3000"), or why
    // it cannot be one.
    static Result<QUrl> normalizeServerUrl(const QString &text);

private:
    QUrl endpoint(const QByteArray &encodedPath) const;

    QUrl m_baseUrl;
    QNetworkAccessManager *m_network;
};

} // namespace chat::desktop
