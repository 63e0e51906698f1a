#include "server/http/staticsite.h"

#include "shared/model/validation.h"

#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

QByteArray contentTypeFor(const QString &path)
{
    static const std::pair<QLatin1StringView, QByteArray> types[] = {
        { "html"_L1, "text/html; charset=utf-8" },
        { "js"_L1, "text/javascript; charset=utf-8" },
        { "mjs"_L1, "text/javascript; charset=utf-8" },
        { "css"_L1, "text/css; charset=utf-8" },
        { "json"_L1, "application/json" },
        { "svg"_L1, "image/svg+xml" },
        { "png"_L1, "image/png" },
        { "ico"_L1, "image/x-icon" },
        { "txt"_L1, "text/plain; charset=utf-8" },
        { "woff2"_L1, "font/woff2" },
        { "map"_L1, "application/json" },
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const auto &[extension, type] : types) {
        if (suffix == extension)
            return type;
    }
    return "application/octet-stream";
}

bool isSafeSegment(const QString &segment)
{
    return !segment.isEmpty() && !segment.startsWith(u'.') && !segment.contains(u'/')
        && !segment.contains(u'\\');
}

// node_modules holds the test tools (playwright-core) next to jQuery: none of it is served as
// a file, only what vendorFile() names.
bool isPackageDirectory(const QString &segment)
{
    return segment.compare("node_modules"_L1, Qt::CaseInsensitive) == 0;
}

// The third-party files the page loads, pinned by web/package.json and installed by npm ci:
// served under /vendor/ from where npm puts them.
QString vendorFile(const QStringList &segments)
{
    static const std::pair<QLatin1StringView, QLatin1StringView> files[] = {
        { "jquery.min.js"_L1, "node_modules/jquery/dist/jquery.min.js"_L1 },
        { "jquery.min.map"_L1, "node_modules/jquery/dist/jquery.min.map"_L1 },
    };
    if (segments.size() != 2 || segments.constFirst() != "vendor"_L1)
        return {};
    for (const auto &[name, path] : files) {
        if (segments.constLast() == name)
            return path;
    }
    return {};
}

} // namespace

StaticSite::StaticSite(const QString &root)
    : m_root(root)
    , m_canonicalRoot(QFileInfo(root).canonicalFilePath())
{ }

QByteArray StaticSite::contentSecurityPolicy()
{
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
           "form-action 'self'; frame-ancestors 'self'";
}

std::optional<HttpReply> StaticSite::serve(const QStringList &segments) const
{
    // "/" and "/<room>": the page (join form, or the chat when ?user= is given).
    if (segments.size() == 1 && segments.constFirst().isEmpty())
        return file(u"index.html"_s);
    if (const QString vendored = vendorFile(segments); !vendored.isEmpty())
        return file(vendored);
    if (!std::all_of(segments.cbegin(), segments.cend(), isSafeSegment))
        return std::nullopt;
    if (std::none_of(segments.cbegin(), segments.cend(), isPackageDirectory)) {
        if (auto reply = file(segments.join(u'/')))
            return reply;
    }
    if (segments.size() == 1 && checkRoomName(segments.constFirst()).ok())
        return file(u"index.html"_s);
    return std::nullopt;
}

std::optional<HttpReply> StaticSite::file(const QString &relativePath) const
{
    const QFileInfo info(m_root.filePath(relativePath));
    const QString canonical = info.canonicalFilePath();
    if (m_canonicalRoot.isEmpty() || canonical.isEmpty() || !info.isFile()
        || !canonical.startsWith(m_canonicalRoot + u'/'))
        return std::nullopt;
    QFile file(canonical);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    HttpReply reply { 200, {}, file.readAll() };
    reply.headers = {
        { "Content-Type", contentTypeFor(canonical) },
        { "Cache-Control", "no-cache" },
        { "Content-Security-Policy", contentSecurityPolicy() },
        { "X-Content-Type-Options", "nosniff" },
        { "Referrer-Policy", "same-origin" },
    };
    return reply;
}

} // namespace chat::server
