#pragma once

#include <QDialog>
#include <QPointer>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace chat::desktop {

class ChatApi;
class HealthCheck;

// The first-run (and "connect to another server") dialog: server address and nickname. It
// accepts only once the address answers as a chat server, and otherwise says why.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    void setServer(const QString &url);
    void setNickname(const QString &nickname);
    void setProblem(const QString &problem);
    QString problem() const; // what the dialog says is wrong

    QUrl serverUrl() const { return m_checkedUrl; }
    QString nickname() const;

    void tryConnect(); // what OK does

private:
    void onChecked();

    QLineEdit *m_server;
    QLineEdit *m_nickname;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QPointer<ChatApi> m_api;
    QPointer<HealthCheck> m_check;
    QUrl m_checkedUrl;
};

} // namespace chat::desktop
