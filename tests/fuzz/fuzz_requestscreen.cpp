// Fuzzes chat::server::RequestScreen (server/http/requestscreen.h), the first code that sees a
// connection's bytes.
// Input: one byte choosing the limits (high bit set: small ones from the next three bytes, so
// that the limits are reached), one byte giving the number of chunk sizes (0-31), those sizes,
// then the bytes of the connection.
// Checks: the verdict (accepted, or the status and message of the rejection) is the same fed
// whole, in the chosen chunks and byte by byte, and so is the state left (a request fed next is
// judged alike); a rejection carries a 4xx/5xx status the screen documents and a message.
#include "server/http/requestscreen.h"
#include "tests/fuzz/fuzzsupport.h"

using chat::fuzz::escaped;
using chat::server::RequestScreen;

namespace {

RequestScreen::Limits limits(chat::fuzz::FuzzInput &input)
{
    const uint8_t choice = input.byte();
    if (!(choice & 0x80))
        return {};
    // As the defaults are: a request line no longer than the header block it is part of.
    RequestScreen::Limits small;
    const uint8_t line = input.byte();
    small.maxHeaderBlock = 1 + 2 * qsizetype(input.byte());
    small.maxRequestLine = 1 + line % small.maxHeaderBlock;
    small.maxBody = input.byte();
    return small;
}

// Feeds the pieces in order until the screen rejects; the first rejection is the verdict.
chat::Result<void> screen(RequestScreen &screen, const QList<QByteArrayView> &pieces)
{
    for (const QByteArrayView piece : pieces) {
        if (auto verdict = screen.feed(piece); !verdict)
            return verdict;
    }
    return {};
}

QByteArray show(const chat::Result<void> &verdict)
{
    return verdict
        ? QByteArray("accepted")
        : QByteArray::number(verdict.error().status) + " " + verdict.error().message.toUtf8();
}

bool same(const chat::Result<void> &a, const chat::Result<void> &b)
{
    return a.ok() == b.ok() && (a.ok() || a.error() == b.error());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const RequestScreen::Limits chosen = limits(input);
    const QByteArrayView sizes = input.bytes(input.byte() % 32);
    const QByteArrayView bytes = input.rest();

    RequestScreen whole(chosen), split(chosen), bytewise(chosen);
    const auto wholeVerdict = screen(whole, { bytes });
    const auto splitVerdict = screen(split, chat::fuzz::chunks(bytes, sizes));
    QList<QByteArrayView> single;
    for (qsizetype i = 0; i < bytes.size(); ++i)
        single.append(bytes.sliced(i, 1));
    const auto bytewiseVerdict = screen(bytewise, single);

    const QByteArray context = "limits " + QByteArray::number(chosen.maxRequestLine) + "/"
        + QByteArray::number(chosen.maxHeaderBlock) + "/" + QByteArray::number(chosen.maxBody)
        + ", chunk sizes " + escaped(sizes) + ", bytes " + escaped(bytes) + ": whole "
        + show(wholeVerdict) + ", split " + show(splitVerdict) + ", byte by byte "
        + show(bytewiseVerdict);
    CHAT_FUZZ_CHECK(same(wholeVerdict, splitVerdict), context);
    CHAT_FUZZ_CHECK(same(wholeVerdict, bytewiseVerdict), context);

    if (!wholeVerdict) {
        static const QList<int> documented = { 400, 411, 413, 414, 431, 505 };
        CHAT_FUZZ_CHECK(documented.contains(wholeVerdict.error().status), context);
        CHAT_FUZZ_CHECK(!wholeVerdict.error().message.isEmpty(), context);
        return 0;
    }
    // The three screens must be in the same state: the same next request gets the same verdict.
    for (const QByteArrayView next :
         { QByteArrayView("GET / HTTP/1.1\r\n\r\n"),
           QByteArrayView("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\n"),
           QByteArrayView("\r\nG(T / HTTP/1.1\r\n\r\n") }) {
        const auto a = whole.feed(next), b = split.feed(next), c = bytewise.feed(next);
        CHAT_FUZZ_CHECK(same(a, b) && same(a, c),
                        context + "; then " + escaped(next) + ": " + show(a) + ", " + show(b) + ", "
                            + show(c));
        if (!a)
            break;
    }
    return 0;
}
