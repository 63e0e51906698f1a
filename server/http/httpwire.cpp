#include "server/http/httpwire.h"

namespace chat::server::httpwire {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

QByteArray head(int status, const Headers &headers)
{
    QByteArray bytes
        = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        bytes += name + ": " + value + "\r\n";
    return bytes + "\r\n";
}

QByteArray chunk(QByteArrayView bytes)
{
    QByteArray out = QByteArray::number(bytes.size(), 16) + "\r\n";
    out += bytes;
    return out + "\r\n";
}

const QByteArray &lastChunk()
{
    static const QByteArray last = QByteArrayLiteral("0\r\n\r\n");
    return last;
}

} // namespace chat::server::httpwire
