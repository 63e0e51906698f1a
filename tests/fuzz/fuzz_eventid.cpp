// Fuzzes chat::eventid::format and parseResume (shared/sse/eventid.h), which read the
// Last-Event-ID header and the lastEventId query value of every stream request.
// Input: one byte (even: round trip, odd: an arbitrary value), eight bytes of n, then a room
// name up to '\n', another room up to the next '\n', and (odd) the value to parse.
// Checks: for any room checkRoomName accepts and any n, format(room, n) is one
// "<channel>:<n>" pair that parses back to From n, alone, padded with spaces or beside another
// room's pair, and means nothing to the other room; any value parses without crashing to the
// kind its text says (the last pair of this room wins), or fails with status 400.
#include "shared/model/validation.h"
#include "shared/sse/eventid.h"
#include "shared/text/integers.h"
#include "shared/text/urlencoding.h"
#include "tests/fuzz/fuzzsupport.h"

#include <limits>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::eventid::Resume;
using chat::fuzz::escaped;

namespace {

QByteArray show(const Result<Resume> &resume)
{
    if (!resume)
        return QByteArray::number(resume.error().status) + " " + resume.error().message.toUtf8();
    switch (resume->kind) {
    case Resume::Kind::None:
        return "None";
    case Resume::Kind::From:
        return "From " + QByteArray::number(resume->n);
    case Resume::Kind::AfterError:
        return "AfterError";
    }
    return "?";
}

bool isFrom(const Result<Resume> &resume, qint64 n)
{
    return resume && resume->kind == Resume::Kind::From && resume->n == n;
}

void roundTrip(const QString &room, const QString &other, qint64 n)
{
    if (!checkRoomName(room))
        return;
    const QByteArray id = eventid::format(room, n);
    const QByteArray context
        = "room " + escaped(room) + ", n " + QByteArray::number(n) + ", id " + escaped(id);
    CHAT_FUZZ_CHECK(id.count(':') == 1 && !id.contains(',') && !id.contains(' '), context);
    for (const char c : id) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || QByteArrayView("_.-~/%:").contains(c);
        CHAT_FUZZ_CHECK(allowed, context);
    }
    for (const QByteArray &value : { id, "  " + id + " " }) {
        const auto resume = eventid::parseResume(value, room);
        CHAT_FUZZ_CHECK(isFrom(resume, n), context + ": " + show(resume));
    }
    if (!checkRoomName(other) || other == room)
        return;
    const QByteArray otherId = eventid::format(other, ~n); // another number, never an overflow
    for (const QByteArray &value : { otherId + ',' + id, id + ',' + otherId }) {
        const auto resume = eventid::parseResume(value, room);
        CHAT_FUZZ_CHECK(isFrom(resume, n),
                        context + ", with " + escaped(value) + ": " + show(resume));
    }
    const auto elsewhere = eventid::parseResume(id, other);
    CHAT_FUZZ_CHECK(elsewhere && elsewhere->kind == Resume::Kind::None,
                    context + ", read for room " + escaped(other) + ": " + show(elsewhere));
}

void anyValue(QByteArrayView value, const QString &room)
{
    const auto resume = eventid::parseResume(value, room);
    const QByteArray context
        = "value " + escaped(value) + ", room " + escaped(room) + ": " + show(resume);
    if (!resume) {
        CHAT_FUZZ_CHECK(resume.error().status == 400, context);
        CHAT_FUZZ_CHECK(
            resume.error().message.startsWith(u"Failed to parse Last-Event-ID or lastEventId: "_s),
            context);
    }
    QByteArrayView trimmed = value;
    while (trimmed.startsWith(' '))
        trimmed = trimmed.sliced(1);
    while (trimmed.endsWith(' '))
        trimmed.chop(1);
    if (trimmed.isEmpty() || trimmed == "error") {
        const auto kind = trimmed.isEmpty() ? Resume::Kind::None : Resume::Kind::AfterError;
        CHAT_FUZZ_CHECK(resume && resume->kind == kind, context);
        return;
    }
    // The reference reading: every part must be "<channel>:<integer>"; the last of ours wins.
    bool valid = true;
    std::optional<qint64> ours;
    for (const QByteArray &part : trimmed.toByteArray().split(',')) {
        const QList<QByteArray> halves = part.split(':');
        const auto channel = halves.size() == 2 ? urlencoding::decode(halves[0])
                                                : Result<QString>(Error { u"colons"_s });
        const auto number = halves.size() == 2
            ? parseInteger(halves[1], std::numeric_limits<qint64>::min(),
                           std::numeric_limits<qint64>::max())
            : std::nullopt;
        if (!channel || !number) {
            valid = false;
            break;
        }
        if (*channel == eventid::streamChannel(room))
            ours = *number;
    }
    CHAT_FUZZ_CHECK(resume.ok() == valid, context);
    if (valid)
        CHAT_FUZZ_CHECK(ours ? isFrom(resume, *ours) : resume->kind == Resume::Kind::None, context);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const bool arbitrary = input.byte() & 1;
    const auto n = static_cast<qint64>(input.u64());
    const QString room = QString::fromUtf8(input.line());
    const QString other = QString::fromUtf8(input.line());
    if (arbitrary)
        anyValue(input.rest(), room);
    else
        roundTrip(room, other, n);
    return 0;
}
