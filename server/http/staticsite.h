#pragma once

#include "server/http/httpreply.h"

#include <QDir>
#include <QStringList>
#include <optional>

namespace chat::server {

// The browser UI's files (web/) with strict security headers: "/" and "/<room>" give the page,
// other paths name files under the root. Nothing outside the root is ever served.
class StaticSite
{
public:
    explicit StaticSite(const QString &root);

    // The reply for a decoded request path, or nothing when there is no such page or file.
    std::optional<HttpReply> serve(const QStringList &segments) const;

    static QByteArray contentSecurityPolicy();

private:
    std::optional<HttpReply> file(const QString &relativePath) const;

    QDir m_root;
    QString m_canonicalRoot;
};

} // namespace chat::server
