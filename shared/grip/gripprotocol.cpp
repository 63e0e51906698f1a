#include "shared/grip/gripprotocol.h"

#include "shared/sse/eventid.h"
#include "shared/sse/sseencoder.h"
#include "shared/text/integers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

using namespace Qt::StringLiterals;

namespace chat::grip {

QByteArray publishChannel(QStringView room)
{
    return "events-" + eventid::quoteChannel(eventid::streamChannel(room));
}

QByteArray ephemeralChannel(QStringView room)
{
    return "ephemeral-" + eventid::quoteChannel(eventid::streamChannel(room));
}

QByteArray cstringEscape(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size() + 8);
    for (const char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += c;
        }
    }
    return out;
}

Headers instructionHeaders(const StreamInstruction &instruction)
{
    Headers headers;
    if (instruction.hold) {
        headers.emplace_back("Grip-Hold", "stream");
        QByteArray channels
            = instruction.channel + "; prev-id=" + QByteArray::number(instruction.prevId);
        if (!instruction.ephemeralChannel.isEmpty())
            channels += ", " + instruction.ephemeralChannel;
        headers.emplace_back("Grip-Channel", channels);
        // The keep-alive frame holds neither ';' nor ',', which Pushpin 1.36 would split on.
        headers.emplace_back("Grip-Keep-Alive",
                             cstringEscape(sse::keepAlive()) + "; format=cstring; timeout="
                                 + QByteArray::number(instruction.keepAliveSeconds));
    }
    if (!instruction.nextLink.isEmpty())
        headers.emplace_back("Grip-Link", '<' + instruction.nextLink + ">; rel=next");
    return headers;
}

std::optional<qint64> lastIdFor(const QList<QByteArray> &gripLastValues, QByteArrayView channel)
{
    for (const QByteArray &value : gripLastValues) {
        for (const QByteArray &entry : value.split(',')) {
            const QList<QByteArray> parts = entry.split(';');
            if (parts.value(0).trimmed() != channel)
                continue;
            for (qsizetype i = 1; i < parts.size(); ++i) {
                const QByteArray parameter = parts[i].trimmed();
                if (!parameter.startsWith("last-id="))
                    continue;
                QByteArray id = parameter.sliced(8);
                if (id.size() >= 2 && id.startsWith('"') && id.endsWith('"'))
                    id = id.sliced(1, id.size() - 2);
                if (const auto number = parseInteger(id, 0, std::numeric_limits<qint64>::max()))
                    return number;
            }
        }
    }
    return std::nullopt;
}

QByteArray publishBody(const QList<PublishItem> &items)
{
    QJsonArray array;
    for (const PublishItem &item : items) {
        QJsonObject object {
            { u"channel"_s, QString::fromUtf8(item.channel) },
            { u"formats"_s,
              QJsonObject {
                  { u"http-stream"_s,
                    QJsonObject { { u"content"_s, QString::fromUtf8(item.content) } } } } },
        };
        if (item.id)
            object.insert(u"id"_s, QString::number(*item.id));
        if (item.prevId)
            object.insert(u"prev-id"_s, QString::number(*item.prevId));
        array.append(object);
    }
    return QJsonDocument(QJsonObject { { u"items"_s, array } }).toJson(QJsonDocument::Compact);
}

} // namespace chat::grip
