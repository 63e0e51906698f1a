#include "server/api/request/clientaddress.h"

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

QHostAddress normalized(const QHostAddress &address)
{
    bool isIpv4 = false;
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    return isIpv4 ? QHostAddress(ipv4) : address;
}

} // namespace

Result<TrustedProxies> TrustedProxies::parse(const QString &list)
{
    TrustedProxies proxies;
    for (const QString &item : list.split(u',', Qt::SkipEmptyParts)) {
        const QString text = item.trimmed();
        if (text.isEmpty())
            continue;
        std::pair<QHostAddress, int> subnet;
        if (text.contains(u'/')) {
            subnet = QHostAddress::parseSubnet(text);
        } else {
            const QHostAddress address(text);
            subnet = { address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128 };
        }
        if (subnet.first.isNull() || subnet.second < 0)
            return Error { u"'%1' is not an IP address or subnet such as 10.0.0.0/8"_s.arg(text) };
        proxies.m_subnets.append({ normalized(subnet.first), subnet.second });
    }
    return proxies;
}

bool TrustedProxies::contains(const QHostAddress &address) const
{
    const QHostAddress peer = normalized(address);
    for (const auto &subnet : m_subnets) {
        if (peer.isInSubnet(subnet))
            return true;
    }
    return false;
}

QString clientAddress(const QHostAddress &peer, QByteArrayView forwardedFor, bool trustForwarded)
{
    if (trustForwarded && !forwardedFor.isEmpty()) {
        const qsizetype comma = forwardedFor.lastIndexOf(',');
        const QByteArrayView last = comma < 0 ? forwardedFor : forwardedFor.sliced(comma + 1);
        const QHostAddress forwarded(QString::fromLatin1(last.trimmed()));
        if (!forwarded.isNull())
            return normalized(forwarded).toString();
    }
    return normalized(peer).toString();
}

} // namespace chat::server
