#pragma once

#include <QWidget>

class QLabel;
class QListView;
class QPushButton;
class QToolButton;

namespace chat::desktop {

class RoomDirectory;

// The sidebar's "All rooms": the server's rooms directory, most recently active first, with each
// room's message count and how many are online, joined ones ticked. Clicking one (or Enter)
// asks to join it; "More rooms" loads the next page, ↻ the first again.
class RoomDirectoryView : public QWidget
{
    Q_OBJECT
public:
    explicit RoomDirectoryView(RoomDirectory *directory, QWidget *parent = nullptr);

    QListView *list() const { return m_list; }
    QToolButton *refreshButton() const { return m_refresh; }
    QPushButton *moreButton() const { return m_more; }
    QString statusText() const; // "Loading…", why it failed, or nothing

signals:
    void roomActivated(const QString &room);

private:
    void updateStatus();

    RoomDirectory *m_directory;
    QLabel *m_title;
    QToolButton *m_refresh;
    QListView *m_list;
    QLabel *m_status;
    QPushButton *m_more;
};

} // namespace chat::desktop
