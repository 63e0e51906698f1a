#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <utility>

// The bytes of HTTP/1.1 responses, written in this one place: status lines with their reason
// phrases, header blocks, and the chunks of a chunked body.
namespace chat::server::httpwire {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// "Not Found" for 404; "Error" for a status without a phrase of ours.
QByteArray reasonPhrase(int status);

// "HTTP/1.1 <status> <reason>\r\n", each header line, and the blank line that ends the head.
QByteArray head(int status, const Headers &headers);

// One chunk of a chunked body holding `bytes` (which must not be empty: that is lastChunk()).
QByteArray chunk(QByteArrayView bytes);
// The zero-length chunk that ends a chunked body.
const QByteArray &lastChunk();

} // namespace chat::server::httpwire
