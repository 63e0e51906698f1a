#include "desktop-client/ui/connectionstatus.h"

#include "desktop-client/lib/chatclient.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <cmath>

namespace chat::desktop {

ConnectionStatus::ConnectionStatus(ChatClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_dot(new QLabel(this))
    , m_label(new QLabel(this))
    , m_retry(new QPushButton(tr("Retry now"), this))
{
    m_label->setTextFormat(Qt::PlainText);
    m_dot->setTextFormat(Qt::PlainText);
    m_dot->setText(QStringLiteral("●"));
    m_retry->setFlat(true);
    m_retry->setCursor(Qt::PointingHandCursor);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_dot);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_retry);
    connect(m_retry, &QPushButton::clicked, client, &ChatClient::reconnectNow);
    connect(client, &ChatClient::connectionChanged, this, &ConnectionStatus::update);
    m_tick.setInterval(250); // the countdown
    connect(&m_tick, &QTimer::timeout, this, &ConnectionStatus::update);
    update();
}

QString ConnectionStatus::text() const
{
    return m_label->text();
}

void ConnectionStatus::update()
{
    const auto state = m_client->connectionState();
    QString text;
    QColor color(0xa0, 0xa0, 0xa0);
    switch (state) {
    case EventStream::State::Idle:
        text = tr("Not in any room");
        break;
    case EventStream::State::Connecting:
        text = tr("Connecting…");
        color = QColor(0xd0, 0x90, 0x10);
        break;
    case EventStream::State::Connected:
        text = tr("Connected");
        color = QColor(0x2e, 0xa0, 0x43);
        break;
    case EventStream::State::Waiting: {
        const int seconds = int(std::ceil(m_client->msUntilRetry() / 1000.0));
        text = tr("Reconnecting in %n s", nullptr, std::max(seconds, 1));
        const QString reason = m_client->lastError();
        if (!reason.isEmpty())
            text += QStringLiteral(" (") + reason + u')';
        color = QColor(0xc0, 0x30, 0x30);
        break;
    }
    }
    m_label->setText(text);
    m_dot->setStyleSheet(QStringLiteral("color: %1").arg(color.name()));
    m_retry->setVisible(state == EventStream::State::Waiting);
    if (state == EventStream::State::Waiting)
        m_tick.start();
    else
        m_tick.stop();
}

} // namespace chat::desktop
