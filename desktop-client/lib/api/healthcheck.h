#pragma once

#include "desktop-client/lib/api/apirequest.h"

namespace chat::desktop {

// GET /healthz: is there a chat server at this address? Fails with a sentence for the user when
// nothing answers or the answer is not a chat server's ({"status": ...} JSON).
class HealthCheck : public ApiRequest
{
    Q_OBJECT
public:
    explicit HealthCheck(ChatApi *api, QObject *parent = nullptr);
    QString status() const { return m_status; } // "ok" when the server is fine

protected:
    QNetworkReply *send() override;
    Result<void> parse(const QByteArray &body) override;
    QString describeFailure(int status, const QByteArray &body) const override;
    QString describeNetworkError(const QString &networkError) const override;

private:
    QString m_status;
};

} // namespace chat::desktop
