#pragma once

#include <QPlainTextEdit>

namespace chat::desktop {

// The message box: Enter sends, Shift+Enter starts a new line; plain text only.
class ComposerEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ComposerEdit(QWidget *parent = nullptr);

    QSize sizeHint() const override;

signals:
    void submitted();

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace chat::desktop
