#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <utility>

namespace chat::server::metrics {

class Histogram;

// Writes metrics in the Prometheus text exposition format, version 0.0.4: each family's HELP
// and TYPE lines, then its samples, one per line. Write a family's samples right after it.
class Exposition
{
public:
    static constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

    using Labels = QList<std::pair<QByteArray, QString>>; // name, value (escaped here)
    enum class Type { Counter, Gauge, Histogram };

    void family(const QByteArray &name, Type type, const QByteArray &help);
    void sample(const QByteArray &name, const Labels &labels, double value);
    void sample(const QByteArray &name, double value) { sample(name, {}, value); }
    // name_bucket{le=...}, name_sum and name_count of one labelled histogram.
    void histogram(const QByteArray &name, const Labels &labels, const Histogram &histogram);

    // A family of one sample, the common case.
    void counter(const QByteArray &name, const QByteArray &help, double value);
    void gauge(const QByteArray &name, const QByteArray &help, double value);

    const QByteArray &text() const { return m_text; }

    // As the format writes numbers: integers in full, +Inf, -Inf, NaN.
    static QByteArray number(double value);

private:
    void line(const QByteArray &name, const Labels &labels, const QByteArray &value);

    QByteArray m_text;
};

} // namespace chat::server::metrics
