#include "views/busy_indicator.h"

#include <QPainter>

namespace {
constexpr int kFrameMs = 40;
constexpr int kStepDegrees = 30;
} // namespace

BusyIndicator::BusyIndicator(QWidget *parent) : QWidget(parent)
{
    m_timer.setInterval(kFrameMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + kStepDegrees) % 360;
        update();
    });
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setToolTip(QStringLiteral("Waiting for the server"));
    setAccessibleName(QStringLiteral("Busy"));
}

void BusyIndicator::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    if (m_running && isVisible())
        m_timer.start();
    else
        m_timer.stop();
    update();
}

QSize BusyIndicator::sizeHint() const
{
    return {18, 18};
}

void BusyIndicator::paintEvent(QPaintEvent *)
{
    if (!m_running)
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int side = qMin(width(), height()) - 4;
    const QRectF box((width() - side) / 2.0, (height() - side) / 2.0, side, side);
    QPen track(palette().color(QPalette::Mid), 2.5);
    painter.setPen(track);
    painter.drawEllipse(box);
    QPen arc(palette().color(QPalette::Highlight), 2.5);
    arc.setCapStyle(Qt::RoundCap);
    painter.setPen(arc);
    painter.drawArc(box, -m_angle * 16, 100 * 16);
}

void BusyIndicator::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_running)
        m_timer.start();
}

void BusyIndicator::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}
