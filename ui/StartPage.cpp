#include "StartPage.h"

#include "RecentWorkspaces.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace concord {

StartPage::StartPage(QWidget* parent)
    : QWidget(parent)
    , m_new(new QPushButton(style()->standardIcon(QStyle::SP_FileIcon), tr("&New workspace\u2026"), this))
    , m_open(new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open workspace\u2026"),
                             this))
    , m_demo(new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Open the &demo"), this))
    , m_recent(new QListWidget(this))
    , m_message(new QLabel(this))
{
    setObjectName(u"startPage"_s);
    m_demo->setObjectName(u"openDemo"_s);
    m_demo->setToolTip(tr("A demo company of 2,000 customers in four systems (generated the first time)"));
    m_recent->setObjectName(u"recentWorkspaces"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* title = new QLabel(tr("Concord"), this);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 2.2);
    font.setBold(true);
    title->setFont(font);
    auto* tagline = new QLabel(
        tr("Reconcile the customers your systems share: see where they disagree, decide who owns each "
           "field, review what needs a person, and write the answer back."),
        this);
    tagline->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_new, m_open, m_demo}) {
        b->setMinimumHeight(40);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(tagline);
    column->addSpacing(16);
    column->addLayout(buttons);
    column->addSpacing(16);
    column->addWidget(new QLabel(tr("Recent workspaces (double-click to open):"), this));
    m_recent->setMaximumHeight(10 * m_recent->fontMetrics().height());
    column->addWidget(m_recent);
    column->addWidget(m_message);
    column->addStretch(1);

    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 4);
    outer->addStretch(1);

    connect(m_new, &QPushButton::clicked, this, &StartPage::newRequested);
    connect(m_open, &QPushButton::clicked, this, &StartPage::openRequested);
    connect(m_demo, &QPushButton::clicked, this, &StartPage::demoRequested);
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT openPath(item->data(Qt::UserRole).toString()); });
    refreshRecent();
}

void StartPage::refreshRecent()
{
    m_recent->clear();
    for (const QString& path : RecentWorkspaces::list()) {
        auto* item = new QListWidgetItem(u"%1 \u2014 %2"_s.arg(QFileInfo(path).fileName(), path), m_recent);
        item->setData(Qt::UserRole, path);
    }
    if (m_recent->count() == 0)
        new QListWidgetItem(tr("(none yet)"), m_recent);
}

void StartPage::setMessage(const QString& text)
{
    m_message->setText(text);
}

} // namespace concord
