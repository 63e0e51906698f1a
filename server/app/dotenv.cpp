#include "server/app/dotenv.h"

#include <QFile>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace chat::server::dotenv {

Result<Values> parse(QByteArrayView text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(text);
    if (decoder.hasError())
        return Error { u"not valid UTF-8"_s };
    Values values;
    const QStringList lines = decoded.split(u'\n');
    for (qsizetype number = 1; number <= lines.size(); ++number) {
        QString line = lines.at(number - 1).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u"export "))
            line = line.sliced(7).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        const QString key = equals > 0 ? line.first(equals).trimmed() : QString();
        const bool validKey = !key.isEmpty() && !key.front().isDigit()
            && std::all_of(key.cbegin(), key.cend(), [](QChar c) {
                   return c == u'_' || (c.unicode() < 128 && c.isLetterOrNumber());
               });
        if (!validKey)
            return Error { u"line %1: expected NAME=value"_s.arg(number) };
        QString value = line.sliced(equals + 1).trimmed();
        if (value.startsWith(u'\'')) {
            if (value.size() < 2 || !value.endsWith(u'\''))
                return Error { u"line %1: unterminated single quote"_s.arg(number) };
            value = value.sliced(1, value.size() - 2);
        } else if (value.startsWith(u'"')) {
            if (value.size() < 2 || !value.endsWith(u'"'))
                return Error { u"line %1: unterminated double quote"_s.arg(number) };
            const QString inner = value.sliced(1, value.size() - 2);
            value.clear();
            for (qsizetype i = 0; i < inner.size(); ++i) {
                if (inner[i] == u'\\' && i + 1 < inner.size()) {
                    const QChar next = inner[++i];
                    value += next == u'n' ? u'\n' : next;
                } else {
                    value += inner[i];
                }
            }
        } else if (const qsizetype hash = value.indexOf(u" #"); hash >= 0) {
            value = value.first(hash).trimmed(); // trailing comment
        }
        values.insert(key, value);
    }
    return values;
}

Result<Values> read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Values();
    if (!file.open(QIODevice::ReadOnly))
        return Error { u"cannot read %1: %2"_s.arg(path, file.errorString()) };
    auto values = parse(file.readAll());
    if (!values)
        return Error { u"%1: %2"_s.arg(path, values.error().message) };
    return values;
}

} // namespace chat::server::dotenv
