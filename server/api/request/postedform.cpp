#include "server/api/request/postedform.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

using Posted = Result<urlencoding::Fields>;

Error failure(int status, QString error)
{
    return Error { std::move(error), status };
}

// "type/subtype; a=b; c="d"" -> media type (lowercase) and parameters (names lowercase).
struct MediaType
{
    QByteArray type;
    QList<std::pair<QByteArray, QByteArray>> parameters;

    QByteArray parameter(QByteArrayView name) const
    {
        for (const auto &[key, value] : parameters) {
            if (key == name)
                return value;
        }
        return {};
    }

    static MediaType parse(QByteArrayView header)
    {
        MediaType media;
        const QList<QByteArray> parts = header.toByteArray().split(';');
        media.type = parts.value(0).trimmed().toLower();
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray part = parts[i].trimmed();
            const qsizetype equals = part.indexOf('=');
            if (equals <= 0)
                continue;
            QByteArray value = part.sliced(equals + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.sliced(1, value.size() - 2);
            media.parameters.append({ part.first(equals).trimmed().toLower(), value });
        }
        return media;
    }
};

Posted fromForm(QByteArrayView body)
{
    const auto fields = urlencoding::decodeForm(body);
    if (!fields)
        return failure(400, u"form body: %1"_s.arg(fields.error().message));
    return fields;
}

Posted fromJson(QByteArrayView body, const QStringList &names)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure(
            400,
            u"JSON body: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return failure(400,
                       u"JSON body must be an object with '%1'"_s.arg(names.join(u"' and '"_s)));
    const QJsonObject object = document.object();
    urlencoding::Fields fields;
    for (const QString &name : names) {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            continue;
        if (!value.isString())
            return failure(400, u"the field '%1' must be a string"_s.arg(name));
        fields.append({ name, value.toString() });
    }
    return fields;
}

// RFC 7578 multipart/form-data: the parts' names and UTF-8 values.
Posted fromMultipart(QByteArrayView body, const QByteArray &boundary)
{
    if (boundary.isEmpty() || boundary.size() > 70)
        return failure(400, u"multipart body needs a boundary parameter of 1 to 70 characters"_s);
    const QByteArray delimiter = "--" + boundary;
    qsizetype position = body.indexOf(delimiter);
    if (position < 0)
        return failure(400, u"multipart body: no part found"_s);
    urlencoding::Fields fields;
    // ConvertInitialBom: a leading U+FEFF is part of the value, not a byte order mark to drop.
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless
                               | QStringDecoder::Flag::ConvertInitialBom);
    while (true) {
        position += delimiter.size();
        if (body.sliced(position).startsWith("--"))
            break; // closing delimiter
        if (!body.sliced(position).startsWith("\r\n"))
            return failure(400, u"multipart body: malformed delimiter line"_s);
        position += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", position);
        const qsizetype next = body.indexOf("\r\n" + delimiter, position);
        // The blank line ends the headers; the value, perhaps empty, and a CRLF come before
        // the next delimiter (found by fuzzing: a blank line running into the delimiter).
        if (headersEnd < 0 || next < 0 || headersEnd + 4 > next)
            return failure(400, u"multipart body: truncated part"_s);
        QByteArray name;
        for (const QByteArray &line :
             body.sliced(position, headersEnd - position).toByteArray().split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().toLower() == "content-disposition")
                name = MediaType::parse(line.sliced(colon + 1).trimmed()).parameter("name");
        }
        if (name.isEmpty())
            return failure(400, u"multipart body: a part has no form-data name"_s);
        const QByteArrayView value = body.sliced(headersEnd + 4, next - headersEnd - 4);
        const QString decoded = decoder.decode(value);
        if (decoder.hasError())
            return failure(400,
                           u"multipart body: invalid UTF-8 in '%1'"_s.arg(QString::fromUtf8(name)));
        fields.append({ QString::fromUtf8(name), decoded });
        position = next + 2;
    }
    return fields;
}

} // namespace

Result<urlencoding::Fields> parsePostedForm(QByteArrayView contentType, QByteArrayView body,
                                            const QStringList &jsonNames)
{
    const MediaType media = MediaType::parse(contentType);
    if (media.type.isEmpty()) {
        if (body.isEmpty())
            return fromForm(body);
        return failure(415,
                       u"Content-Type is missing: send application/x-www-form-urlencoded, "
                       "multipart/form-data or application/json"_s);
    }
    const QByteArray charset = media.parameter("charset").toLower();
    if (!charset.isEmpty() && charset != "utf-8" && charset != "utf8")
        return failure(415, u"only the UTF-8 charset is accepted"_s);
    if (media.type == "application/x-www-form-urlencoded")
        return fromForm(body);
    if (media.type == "application/json")
        return fromJson(body, jsonNames);
    if (media.type == "multipart/form-data")
        return fromMultipart(body, media.parameter("boundary"));
    return failure(
        415,
        u"unsupported Content-Type '%1': send application/x-www-form-urlencoded, "
        "multipart/form-data or application/json"_s.arg(QString::fromLatin1(media.type)));
}

Result<PostedMessage> parsePostedMessage(QByteArrayView contentType, QByteArrayView body)
{
    const auto fields = parsePostedForm(contentType, body, { u"from"_s, u"text"_s });
    if (!fields)
        return fields.error();
    const auto from = urlencoding::lastValue(*fields, u"from");
    const auto text = urlencoding::lastValue(*fields, u"text");
    if (!from)
        return failure(400, u"the field 'from' is missing"_s);
    if (!text)
        return failure(400, u"the field 'text' is missing"_s);
    return PostedMessage { *from, *text };
}

} // namespace chat::server
