// Fuzzes chat::server::parsePostedForm and parsePostedMessage (server/api/request/postedform.h,
// once server/api/postedmessage.h), which read every POSTed body: messages, presence, typing,
// moderation.
// Input: the Content-Type header value up to the first '\n', then the body.
// Checks: an error is 400 or 415 with a message, and 415 whenever the media type is none of the
// three accepted; accepted fields are valid UTF-16 (UTF-8 decoding makes no lone surrogates);
// a form body gives what urlencoding::decodeForm gives, a multipart value is its part's bytes
// verbatim (between a blank line and a delimiter) and never holds a delimiter line; a message
// is the form's last "from" and "text", or the form's error, or 400 for a missing field.
#include "server/api/request/postedform.h"
#include "shared/text/urlencoding.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;
using chat::fuzz::escaped;

namespace {

// The media type and one parameter, read as simply as RFC 9110 allows.
QByteArray mediaType(QByteArrayView header)
{
    return header.toByteArray().split(';').value(0).trimmed().toLower();
}

QByteArray parameter(QByteArrayView header, QByteArrayView name)
{
    const QList<QByteArray> parts = header.toByteArray().split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts[i].trimmed();
        const qsizetype equals = part.indexOf('=');
        if (equals <= 0 || part.first(equals).trimmed().toLower() != name)
            continue;
        QByteArray value = part.sliced(equals + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.sliced(1, value.size() - 2);
        return value; // the first one counts
    }
    return {};
}

// A JSON string may spell a lone surrogate as an escape; that is no decoding fault.
bool hasSurrogateEscape(QByteArrayView body)
{
    static const QRegularExpression escape(u"\\\\u[dD][89a-fA-F]"_s);
    return escape.match(QString::fromLatin1(body)).hasMatch();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const QByteArrayView contentType = input.line();
    const QByteArrayView body = input.rest();

    const QByteArray type = mediaType(contentType);
    const auto form = chat::server::parsePostedForm(contentType, body, { u"from"_s, u"text"_s });
    QByteArray context = "Content-Type " + escaped(contentType) + ", body " + escaped(body) + ": "
        + (form ? "accepted"
                : QByteArray::number(form.error().status) + " " + form.error().message.toUtf8());
    const bool known = type == "application/x-www-form-urlencoded" || type == "application/json"
        || type == "multipart/form-data";

    // A message is the form's two fields, or why not.
    const auto posted = chat::server::parsePostedMessage(contentType, body);
    if (!form) {
        const int status = form.error().status;
        CHAT_FUZZ_CHECK(status == 400 || status == 415, context);
        CHAT_FUZZ_CHECK(!form.error().message.isEmpty(), context);
        CHAT_FUZZ_CHECK(known || status == 415, context);
        CHAT_FUZZ_CHECK(!posted && posted.error() == form.error(), context + ": message differs");
        return 0;
    }
    CHAT_FUZZ_CHECK(known || (type.isEmpty() && body.isEmpty()), context);
    const auto from = chat::urlencoding::lastValue(*form, u"from");
    const auto text = chat::urlencoding::lastValue(*form, u"text");
    if (from && text) {
        CHAT_FUZZ_CHECK(posted && posted->from == *from && posted->text == *text,
                        context + ": message differs");
    } else {
        CHAT_FUZZ_CHECK(!posted && posted.error().status == 400
                            && !posted.error().message.isEmpty(),
                        context + ": message without a field");
    }

    const QByteArray delimiter = "\r\n--" + parameter(contentType, "boundary");
    const bool surrogateEscapes = type == "application/json" && hasSurrogateEscape(body);
    for (const auto &[name, value] : *form) {
        const QByteArray field
            = context + " (field " + escaped(name) + " = " + escaped(value) + ")";
        if (!surrogateEscapes) {
            CHAT_FUZZ_CHECK(chat::fuzz::isValidUtf16(name), field);
            CHAT_FUZZ_CHECK(chat::fuzz::isValidUtf16(value), field);
        }
        if (type == "multipart/form-data") {
            const QByteArray bytes = value.toUtf8();
            CHAT_FUZZ_CHECK(body.contains("\r\n\r\n" + bytes + delimiter), field);
            CHAT_FUZZ_CHECK(!bytes.contains(delimiter), field);
        }
    }
    if (type == "application/x-www-form-urlencoded") {
        const auto decoded = chat::urlencoding::decodeForm(body);
        CHAT_FUZZ_CHECK(decoded && *decoded == *form, context + ": not what decodeForm gives");
    }
    return 0;
}
