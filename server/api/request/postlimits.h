#pragma once

#include "server/api/request/ratelimiter.h"
#include "server/http/httpreply.h"

#include <QElapsedTimer>
#include <QString>
#include <optional>

namespace chat::server {

// The token buckets a posting endpoint checks, per client address and per nickname: a post
// needs a token in both and only then takes one from each, so a refused post costs nothing;
// over the limit it gets 429 with Retry-After (whole seconds) and a JSON error.
class PostLimits
{
public:
    // `what` names the posts in the error: "messages", "presence and typing updates".
    PostLimits(RateLimiter::Options options, QString what);

    // Takes the tokens; or, over the limit, the 429 reply to send instead.
    std::optional<HttpReply> admit(const QString &client, const QString &nickname);
    qint64 refused() const { return m_refused; }

private:
    RateLimiter m_byClient;
    RateLimiter m_byNickname;
    QString m_what;
    QElapsedTimer m_clock;
    qint64 m_refused = 0;
};

} // namespace chat::server
