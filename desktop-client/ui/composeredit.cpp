#include "desktop-client/ui/composeredit.h"

#include <QKeyEvent>

namespace chat::desktop {

ComposerEdit::ComposerEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setPlaceholderText(tr("Write a message — Enter sends, Shift+Enter adds a line"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize ComposerEdit::sizeHint() const
{
    // About three lines: enough to see a short paragraph, small beside the messages.
    const int lines = 3;
    const int height = fontMetrics().lineSpacing() * lines + 2 * frameWidth()
        + int(2 * document()->documentMargin());
    return QSize(QPlainTextEdit::sizeHint().width(), height);
}

void ComposerEdit::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        emit submitted();
        event->accept();
        return;
    }
    if (enter) {
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace chat::desktop
