#pragma once

#include "server/http/httpreply.h"
#include "shared/sse/eventid.h"
#include "shared/sse/roomevents.h"
#include "shared/text/urlencoding.h"

#include <QByteArrayView>
#include <QStringView>
#include <optional>

// A stream held by the GRIP proxy: what the proxy's requests ask for, and the reply with the
// instructions that make it hold the stream on the room's channel (GRIP-3..9 of the original
// demo's protocol: Grip-Hold, Grip-Channel with prev-id, Grip-Keep-Alive, Grip-Link).
namespace chat::server::heldstream {

// The proxy asks for the Grip-Link URL to page through a long replay, to recover after a
// prev-id gap, and when a stream has been idle for a while; those requests carry link=next.
bool isNextLink(const urlencoding::Fields &query);

// For a recovery request (link=next&recover=true), the resume point is the last id the proxy
// delivered on the room's channel (its Grip-Last header); nothing for other requests, or when
// the header names no id for the channel.
std::optional<eventid::Resume> recovery(const urlencoding::Fields &query, QByteArrayView gripLast,
                                        QStringView room);

// The response to a stream request at `path`: the preamble (not on next links) and `page`,
// held on the room's channel from the page's position, or, while more remains to replay, a
// next link that asks for the rest.
HttpReply reply(QStringView room, QByteArrayView path, const roomevents::ReplayPage &page,
                bool nextLink, int keepAliveSeconds);

} // namespace chat::server::heldstream
