#include "CellGlyphs.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace concord {

namespace {
QIcon draw(CellState state)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    switch (state) {
    case CellState::Resolved:
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(37, 99, 235));
        p.drawEllipse(QRectF(3, 3, 6, 6));
        break;
    case CellState::Review: {
        QPainterPath flag;
        flag.moveTo(2, 1);
        flag.lineTo(11, 4);
        flag.lineTo(2, 7);
        flag.closeSubpath();
        p.setPen(QPen(QColor(180, 83, 9), 1.2));
        p.setBrush(QColor(217, 119, 6));
        p.drawPath(flag);
        p.drawLine(QPointF(2, 1), QPointF(2, 11));
        break;
    }
    case CellState::Missing:
        p.setPen(QPen(QColor(100, 116, 139), 1.4));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(2.5, 2.5, 7, 7));
        break;
    case CellState::Agree:
        break;
    }
    return QIcon(pixmap);
}
} // namespace

QIcon cellGlyph(CellState state)
{
    static const QIcon glyphs[] = {QIcon(), draw(CellState::Resolved), draw(CellState::Review),
                                   draw(CellState::Missing)};
    return glyphs[static_cast<int>(state)];
}

} // namespace concord
