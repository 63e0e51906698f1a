#include "server/grip/heldstream.h"

#include "shared/grip/gripprotocol.h"
#include "shared/sse/sseencoder.h"

#include <QUrl>

namespace chat::server::heldstream {

bool isNextLink(const urlencoding::Fields &query)
{
    return urlencoding::lastValue(query, u"link") == u"next";
}

std::optional<eventid::Resume> recovery(const urlencoding::Fields &query, QByteArrayView gripLast,
                                        QStringView room)
{
    if (!isNextLink(query) || urlencoding::lastValue(query, u"recover") != u"true")
        return std::nullopt;
    const auto lastId
        = grip::lastIdFor(QList<QByteArray> { gripLast.toByteArray() }, grip::publishChannel(room));
    if (!lastId)
        return eventid::Resume {};
    return eventid::Resume::from(*lastId);
}

HttpReply reply(QStringView room, QByteArrayView path, const roomevents::ReplayPage &page,
                bool nextLink, int keepAliveSeconds)
{
    grip::StreamInstruction instruction;
    instruction.channel = grip::publishChannel(room);
    instruction.ephemeralChannel = grip::ephemeralChannel(room);
    instruction.prevId = page.position;
    instruction.hold = !page.more;
    instruction.keepAliveSeconds = keepAliveSeconds;
    instruction.nextLink = path.toByteArray()
        + (page.more ? "?link=next&lastEventId="
                   + QUrl::toPercentEncoding(
                           QString::fromLatin1(eventid::format(room, page.position)))
                     : QByteArray("?link=next&recover=true"));
    HttpReply held = HttpReply::eventStream();
    held.headers += grip::instructionHeaders(instruction);
    held.body = (nextLink ? QByteArray() : sse::preamble()) + page.frames;
    return held;
}

} // namespace chat::server::heldstream
