// Fuzzes chat::SseParser (shared/sse/sseparser.h), which reads whatever a server streams to the
// desktop client.
// Input: one byte giving the number of chunk sizes (0-31), those sizes, then the stream.
// Checks: the events, last event id, retry, comment count and pending line are the same fed
// whole, in the chosen chunks and byte by byte; every event has a type, no line break in its
// type or id (nor one in its data but the '\n' joining lines), no NUL in its id, and valid UTF-8
// everywhere; the stream with its invalid UTF-8 replaced beforehand parses alike; after
// resetConnection the parser still knows the last event id.
#include "shared/sse/sseparser.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QStringDecoder>

using chat::SseEvent;
using chat::SseParser;
using chat::fuzz::escaped;

namespace {

struct Outcome
{
    QList<SseEvent> events;
    QByteArray lastEventId;
    std::optional<qint64> retryMs;
    qint64 comments = 0;
    qsizetype pending = 0;

    friend bool operator==(const Outcome &, const Outcome &) = default;
};

Outcome parse(SseParser &parser, const QList<QByteArrayView> &pieces)
{
    Outcome outcome;
    for (const QByteArrayView piece : pieces)
        outcome.events += parser.feed(piece);
    outcome.lastEventId = parser.lastEventId();
    outcome.retryMs = parser.retryMs();
    outcome.comments = parser.commentCount();
    outcome.pending = parser.pendingLineSize();
    return outcome;
}

QByteArray show(const Outcome &outcome)
{
    QByteArray out = QByteArray::number(outcome.events.size()) + " events";
    for (const SseEvent &event : outcome.events)
        out += " {" + escaped(event.type) + " " + escaped(event.id) + " " + escaped(event.data)
            + "}";
    return out + ", last id " + escaped(outcome.lastEventId) + ", retry "
        + (outcome.retryMs ? QByteArray::number(*outcome.retryMs) : QByteArray("none"))
        + ", comments " + QByteArray::number(outcome.comments) + ", pending "
        + QByteArray::number(outcome.pending);
}

// Each line's bytes between line breaks, the breaks themselves kept.
template<typename Each> void forEachLine(QByteArrayView stream, Each each)
{
    qsizetype start = 0;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        if (stream[i] == '\r' || stream[i] == '\n') {
            each(stream.sliced(start, i - start), stream.sliced(i, 1));
            start = i + 1;
        }
    }
    each(stream.sliced(start), QByteArrayView());
}

// The stream with each line's invalid UTF-8 replaced by U+FFFD as the parser documents, and no
// other byte changed (a U+FEFF stays where it is): it must parse to the same events.
QByteArray repaired(QByteArrayView stream)
{
    QByteArray out;
    forEachLine(stream, [&out](QByteArrayView line, QByteArrayView lineBreak) {
        if (chat::fuzz::isStrictUtf8(line)) {
            out += line;
        } else {
            QStringDecoder decoder(QStringDecoder::Utf8,
                                   QStringDecoder::Flag::Stateless
                                       | QStringDecoder::Flag::ConvertInitialBom);
            out += QString(decoder.decode(line)).toUtf8();
        }
        out += lineBreak;
    });
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const QByteArrayView sizes = input.bytes(input.byte() % 32);
    const QByteArrayView stream = input.rest();

    SseParser whole, split, bytewise;
    const Outcome wholeOutcome = parse(whole, { stream });
    const Outcome splitOutcome = parse(split, chat::fuzz::chunks(stream, sizes));
    QList<QByteArrayView> single;
    for (qsizetype i = 0; i < stream.size(); ++i)
        single.append(stream.sliced(i, 1));
    const Outcome bytewiseOutcome = parse(bytewise, single);

    const QByteArray context = "stream " + escaped(stream) + ", chunk sizes " + escaped(sizes)
        + ":\n  whole " + show(wholeOutcome) + "\n  split " + show(splitOutcome)
        + "\n  byte by byte " + show(bytewiseOutcome);
    CHAT_FUZZ_CHECK(wholeOutcome == splitOutcome, context);
    CHAT_FUZZ_CHECK(wholeOutcome == bytewiseOutcome, context);

    for (const SseEvent &event : wholeOutcome.events) {
        CHAT_FUZZ_CHECK(!event.type.isEmpty(), context);
        for (const QByteArray *field : { &event.type, &event.id })
            CHAT_FUZZ_CHECK(!field->contains('\r') && !field->contains('\n'), context);
        CHAT_FUZZ_CHECK(!event.data.contains('\r') && !event.id.contains('\0'), context);
        for (const QByteArray *field : { &event.type, &event.id, &event.data })
            CHAT_FUZZ_CHECK(chat::fuzz::isStrictUtf8(*field), context);
        CHAT_FUZZ_CHECK(!event.retryMs, context);
    }
    CHAT_FUZZ_CHECK(chat::fuzz::isStrictUtf8(wholeOutcome.lastEventId), context);

    // Invalid UTF-8 is replaced, never a reason to read a line differently.
    {
        const QByteArray valid = repaired(stream);
        SseParser repairedParser;
        Outcome outcome = parse(repairedParser, { valid });
        outcome.pending = wholeOutcome.pending; // counts bytes, which the repair changed
        CHAT_FUZZ_CHECK(outcome == wholeOutcome,
                        context + "\n  repaired " + escaped(valid) + ": " + show(outcome));
    }

    // A new connection forgets the half-read line and event, never the last event id.
    whole.resetConnection();
    Outcome after;
    after.events = whole.feed("data: x\n\n");
    CHAT_FUZZ_CHECK(after.events.size() == 1 && after.events.first().data == "x"
                        && after.events.first().id == wholeOutcome.lastEventId,
                    context + "\n  after resetConnection: " + show(after));
    return 0;
}
