// Fuzzes chat::sse::encode and comment (shared/sse/sseencoder.h), which write every event and
// comment a stream carries, by reading their output back with SseParser.
// Input: the type's length, the id's length, a flags byte (bit 0: a retry follows, 8 bytes),
// then the type, the id and the data.
// Checks: the frame parses to exactly one event, its data the input's with CRLF and CR made LF
// and NUL removed, its type and id the input's without CR, LF and NUL (the default type, and
// the last id kept, when nothing remains), its retry the one given; a comment is no event. That
// is: no field value can inject a field or a frame. (The parser replaces invalid UTF-8 by
// U+FFFD line by line, and so does the expectation.)
#include "shared/sse/sseencoder.h"
#include "shared/sse/sseparser.h"
#include "tests/fuzz/fuzzsupport.h"

using chat::SseEvent;
using chat::SseParser;
using chat::fuzz::escaped;

namespace {

QByteArray withoutAny(QByteArrayView value, QByteArrayView characters)
{
    QByteArray out;
    for (const char c : value) {
        if (!characters.contains(c))
            out += c;
    }
    return out;
}

// What the parser makes of a field value's bytes (its line starts with the field name, so a
// U+FEFF at the value's start is no BOM to Qt's decoder).
QByteArray asParsed(const QByteArray &value)
{
    return chat::fuzz::isStrictUtf8(value) ? value
                                           : QString::fromUtf8("x" + value).toUtf8().sliced(1);
}

QByteArray expectedData(QByteArrayView data)
{
    QByteArray normalised = data.toByteArray();
    normalised.replace("\r\n", "\n").replace('\r', '\n');
    QList<QByteArray> lines = normalised.split('\n');
    for (QByteArray &line : lines)
        line = asParsed(withoutAny(line, QByteArrayView("\0", 1)));
    return lines.join('\n');
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const uint8_t typeLength = input.byte();
    const uint8_t idLength = input.byte();
    const bool hasRetry = input.byte() & 1;
    SseEvent event;
    if (hasRetry)
        event.retryMs = static_cast<qint64>(input.u64());
    event.type = input.bytes(typeLength).toByteArray();
    event.id = input.bytes(idLength).toByteArray();
    event.data = input.rest().toByteArray();

    const QByteArray frame = chat::sse::encode(event);
    SseParser parser;
    (void)parser.feed("id: 7\n\n"); // a last event id the frame must not reset by accident
    const QList<SseEvent> events = parser.feed(frame);
    const QByteArray context = "type " + escaped(event.type) + ", id " + escaped(event.id)
        + ", data " + escaped(event.data) + " encoded as " + escaped(frame);
    CHAT_FUZZ_CHECK(events.size() == 1, context);
    CHAT_FUZZ_CHECK(parser.pendingLineSize() == 0 && parser.commentCount() == 0, context);

    static constexpr QByteArrayView lineBreaks("\r\n\0", 3);
    const QByteArray type = withoutAny(event.type, lineBreaks);
    const QByteArray id = withoutAny(event.id, lineBreaks);
    const SseEvent &parsed = events.first();
    CHAT_FUZZ_CHECK(parsed.type == (type.isEmpty() ? "message" : asParsed(type)),
                    context + ": type " + escaped(parsed.type));
    CHAT_FUZZ_CHECK(parsed.id == (id.isEmpty() ? "7" : asParsed(id)),
                    context + ": id " + escaped(parsed.id));
    CHAT_FUZZ_CHECK(parsed.data == expectedData(event.data),
                    context + ": data " + escaped(parsed.data));
    if (event.retryMs)
        CHAT_FUZZ_CHECK(parser.retryMs() == std::max<qint64>(0, *event.retryMs), context);
    else
        CHAT_FUZZ_CHECK(!parser.retryMs(), context);

    // A comment of any text is one comment line and no event.
    const QByteArray comment = chat::sse::comment(event.data);
    const QList<SseEvent> none = parser.feed(comment);
    CHAT_FUZZ_CHECK(none.isEmpty() && parser.commentCount() == 1 && parser.pendingLineSize() == 0,
                    "comment " + escaped(comment));
    return 0;
}
