#include "desktop-client/ui/connectdialog.h"

#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/api/healthcheck.h"
#include "shared/model/validation.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace chat::desktop {

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QLineEdit(this))
    , m_nickname(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connect to a chat server"));
    m_server->setPlaceholderText(QStringLiteral("http://127.0.0.1:7999"));
    m_nickname->setMaxLength(kMaxNicknameLength);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b02020"));
    m_problem->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Nickname:"), m_nickname);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::tryConnect);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
}

void ConnectDialog::setServer(const QString &url)
{
    m_server->setText(url);
}

void ConnectDialog::setNickname(const QString &nickname)
{
    m_nickname->setText(nickname);
}

QString ConnectDialog::nickname() const
{
    return m_nickname->text().trimmed();
}

void ConnectDialog::setProblem(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

QString ConnectDialog::problem() const
{
    return m_problem->text();
}

void ConnectDialog::tryConnect()
{
    const auto normalized = ChatApi::normalizeServerUrl(m_server->text());
    if (!normalized) {
        setProblem(normalized.error().message);
        return;
    }
    if (const auto checked = checkNickname(nickname()); !checked) {
        setProblem(checked.error().message);
        return;
    }
    const QUrl url = *normalized;
    delete m_api;
    m_api = new ChatApi(url, this);
    m_check = new HealthCheck(m_api, m_api);
    connect(m_check, &ApiRequest::finished, this, &ConnectDialog::onChecked);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    setProblem(tr("Connecting to %1…").arg(url.toDisplayString()));
    m_check->start();
}

void ConnectDialog::onChecked()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    if (m_check->state() != ApiRequest::State::Succeeded) {
        // A sentence from HealthCheck: "cannot reach …", "… is not a chat server".
        QString problem = m_check->errorString();
        if (!problem.isEmpty())
            problem[0] = problem[0].toUpper();
        setProblem(problem);
        return;
    }
    m_checkedUrl = m_api->baseUrl();
    setProblem({});
    accept();
}

} // namespace chat::desktop
