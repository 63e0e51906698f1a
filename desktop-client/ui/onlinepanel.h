#pragma once

#include <QWidget>

class QLabel;
class QListView;

namespace chat::desktop {

class OnlineListModel;

// Who is online in the room in view: a heading with the count and the nicknames, each with a
// green dot, this client's own marked "(you)".
class OnlinePanel : public QWidget
{
    Q_OBJECT
public:
    explicit OnlinePanel(OnlineListModel *model, QWidget *parent = nullptr);

    QListView *list() const { return m_list; }
    QString heading() const; // "Online — 3", for tests

    QSize sizeHint() const override;

private:
    void updateHeading();

    OnlineListModel *m_model;
    QLabel *m_heading;
    QListView *m_list;
};

} // namespace chat::desktop
