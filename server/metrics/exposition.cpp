#include "server/metrics/exposition.h"

#include "server/metrics/histogram.h"

#include <QLocale>

#include <cmath>

namespace chat::server::metrics {

namespace {

// HELP text escapes backslash and newline; label values also the double quote.
QByteArray escaped(const QByteArray &text, bool quote)
{
    QByteArray out;
    out.reserve(text.size());
    for (const char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (quote && c == '"')
            out += "\\\"";
        else
            out += c;
    }
    return out;
}

const char *typeName(Exposition::Type type)
{
    switch (type) {
    case Exposition::Type::Counter:
        return "counter";
    case Exposition::Type::Gauge:
        return "gauge";
    case Exposition::Type::Histogram:
        return "histogram";
    }
    return "untyped";
}

} // namespace

QByteArray Exposition::number(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == std::trunc(value) && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return QByteArray::number(value, 'f', QLocale::FloatingPointShortest);
}

void Exposition::family(const QByteArray &name, Type type, const QByteArray &help)
{
    m_text += "# HELP " + name + ' ' + escaped(help, false) + "\n# TYPE " + name + ' '
        + typeName(type) + '\n';
}

void Exposition::line(const QByteArray &name, const Labels &labels, const QByteArray &value)
{
    m_text += name;
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels[i].first + "=\"" + escaped(labels[i].second.toUtf8(), true) + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + value + '\n';
}

void Exposition::sample(const QByteArray &name, const Labels &labels, double value)
{
    line(name, labels, number(value));
}

void Exposition::histogram(const QByteArray &name, const Labels &labels, const Histogram &histogram)
{
    const QList<quint64> cumulative = histogram.cumulativeCounts();
    Labels withBound = labels;
    withBound.append({ "le", QString() });
    for (qsizetype i = 0; i < cumulative.size(); ++i) {
        const bool last = i == histogram.bounds().size();
        withBound.last().second
            = QString::fromLatin1(last ? QByteArray("+Inf") : number(histogram.bounds()[i]));
        line(name + "_bucket", withBound, QByteArray::number(cumulative[i]));
    }
    line(name + "_sum", labels, number(histogram.sum()));
    line(name + "_count", labels, QByteArray::number(histogram.count()));
}

void Exposition::counter(const QByteArray &name, const QByteArray &help, double value)
{
    family(name, Type::Counter, help);
    sample(name, value);
}

void Exposition::gauge(const QByteArray &name, const QByteArray &help, double value)
{
    family(name, Type::Gauge, help);
    sample(name, value);
}

} // namespace chat::server::metrics
