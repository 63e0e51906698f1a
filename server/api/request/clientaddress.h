#pragma once

#include "shared/model/result.h"

#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <utility>

namespace chat::server {

// The proxies whose X-Forwarded-For the origin believes, from --trusted-proxies: addresses and
// subnets ("10.0.0.0/8, 127.0.0.1, ::1"). A request through the GRIP proxy (a valid Grip-Sig)
// is believed without being listed.
class TrustedProxies
{
public:
    static Result<TrustedProxies> parse(const QString &list);
    bool contains(const QHostAddress &address) const;
    bool isEmpty() const { return m_subnets.isEmpty(); }

private:
    QList<std::pair<QHostAddress, int>> m_subnets;
};

// The address a request comes from, as rate limits and per-client caps count it: the peer's,
// or, when the peer is a proxy we trust, the last address its X-Forwarded-For names (the one
// the proxy itself added; anything before it is the client's own claim). IPv4 peers seen as
// IPv4-mapped IPv6 addresses count as their IPv4 address.
QString clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor, bool trustForwarded);

} // namespace chat::server
