#include "views/stock_chart.h"

#include "models/stock_history.h"
#include "views/desk_theme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace {

QChartView *makeChartView(QChart *chart, QWidget *parent)
{
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

} // namespace

StockChart::StockChart(StockHistory *history, QWidget *parent)
    : QWidget(parent),
      m_history(history),
      m_title(new QLabel(this)),
      m_available(new QLineSeries(this)),
      m_onHand(new QLineSeries(this)),
      m_reservations(new QBarSeries(this)),
      m_reserved(new QBarSet(QStringLiteral("Units reserved per minute")))
{
    m_title->setObjectName(QStringLiteral("stockChartTitle"));
    DeskTheme::setRole(m_title, "caption");

    m_available->setName(QStringLiteral("Available"));
    m_onHand->setName(QStringLiteral("On hand"));
    auto *stock = new QChart;
    stock->addSeries(m_onHand);
    stock->addSeries(m_available);
    auto *time = new QDateTimeAxis(stock);
    time->setFormat(QStringLiteral("HH:mm:ss"));
    time->setTickCount(5);
    auto *units = new QValueAxis(stock);
    units->setLabelFormat(QStringLiteral("%d"));
    stock->addAxis(time, Qt::AlignBottom);
    stock->addAxis(units, Qt::AlignLeft);
    for (QLineSeries *series : {m_onHand, m_available}) {
        series->attachAxis(time);
        series->attachAxis(units);
        series->setPointsVisible(true);
    }
    m_stockView = makeChartView(stock, this);
    m_stockView->setObjectName(QStringLiteral("stockChart"));

    m_reservations->append(m_reserved);
    auto *perMinute = new QChart;
    perMinute->addSeries(m_reservations);
    auto *minutes = new QBarCategoryAxis(perMinute);
    auto *count = new QValueAxis(perMinute);
    count->setLabelFormat(QStringLiteral("%d"));
    perMinute->addAxis(minutes, Qt::AlignBottom);
    perMinute->addAxis(count, Qt::AlignLeft);
    m_reservations->attachAxis(minutes);
    m_reservations->attachAxis(count);
    m_reservationView = makeChartView(perMinute, this);
    m_reservationView->setObjectName(QStringLiteral("reservationChart"));

    auto *charts = new QHBoxLayout;
    charts->addWidget(m_stockView, 3);
    charts->addWidget(m_reservationView, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_title);
    layout->addLayout(charts, 1);

    // The time axis moves on while nothing changes.
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (isVisible() && !m_sku.isEmpty() && !m_redraw.isActive())
            redraw();
    });
    m_clock.start();
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(kRedrawMs);
    connect(&m_redraw, &QTimer::timeout, this, &StockChart::redraw);
    connect(m_history, &StockHistory::changed, this, &StockChart::historyChanged);
    followPalette();
    redraw();
}

void StockChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        followPalette();
}

void StockChart::followPalette()
{
    // Light or dark like the rest of the window.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (QChartView *view : {m_stockView, m_reservationView}) {
        QChart *chart = view->chart();
        chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        chart->setBackgroundBrush(palette().base());
        chart->setTitleBrush(palette().text());
        chart->legend()->setLabelColor(palette().color(QPalette::Text));
    }
}

void StockChart::setSku(const QString &sku)
{
    if (sku == m_sku)
        return;
    m_sku = sku;
    m_redraw.stop();
    redraw();
}

void StockChart::historyChanged(const QString &sku)
{
    // Not restarted by further changes: the first one is shown within kRedrawMs.
    if (sku == m_sku && !m_redraw.isActive())
        m_redraw.start();
}

void StockChart::redraw()
{
    const auto points = m_history->points(m_sku);
    if (m_sku.isEmpty())
        m_title->setText(QStringLiteral("Select a SKU to see its stock over time"));
    else
        m_title->setText(QStringLiteral("%1 at the nodes shown, since this view opened").arg(m_sku));

    QList<QPointF> available;
    QList<QPointF> onHand;
    available.reserve(qsizetype(points.size()) + 1);
    onHand.reserve(qsizetype(points.size()) + 1);
    qint64 top = 0;
    for (const auto &point : points) {
        const qreal x = qreal(point.at.toMSecsSinceEpoch());
        // A step: the level holds until the next change.
        if (!available.isEmpty()) {
            available.append({x, available.last().y()});
            onHand.append({x, onHand.last().y()});
        }
        available.append({x, qreal(point.available)});
        onHand.append({x, qreal(point.onHand)});
        top = std::max({top, point.available, point.onHand});
    }
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime first = points.empty() ? now.addSecs(-60) : points.front().at;
    // The last level holds until now.
    if (!points.empty() && now > points.back().at) {
        available.append({qreal(now.toMSecsSinceEpoch()), available.last().y()});
        onHand.append({qreal(now.toMSecsSinceEpoch()), onHand.last().y()});
    }
    m_available->replace(available);
    m_onHand->replace(onHand);
    QChart *stock = m_stockView->chart();
    auto *time = qobject_cast<QDateTimeAxis *>(stock->axes(Qt::Horizontal).value(0));
    auto *units = qobject_cast<QValueAxis *>(stock->axes(Qt::Vertical).value(0));
    time->setRange(std::min(first, now.addSecs(-60)), now.addSecs(5));
    units->setRange(0, qreal(std::max<qint64>(top, 1)) * 1.1);

    const auto minutes = m_history->reservationsPerMinute(m_sku);
    QStringList categories;
    QList<qreal> values;
    qint64 most = 0;
    for (const auto &minute : minutes) {
        categories.append(minute.minute.toString(QStringLiteral("HH:mm")));
        values.append(qreal(minute.units));
        most = std::max(most, minute.units);
    }
    if (categories.isEmpty())
        categories.append(now.toString(QStringLiteral("HH:mm")));
    QChart *perMinute = m_reservationView->chart();
    auto *axis = qobject_cast<QBarCategoryAxis *>(perMinute->axes(Qt::Horizontal).value(0));
    axis->setCategories(categories);
    if (m_reserved->count() > 0)
        m_reserved->remove(0, m_reserved->count());
    m_reserved->append(values);
    // Whole units on every tick: a top divisible by the four intervals.
    auto *count = qobject_cast<QValueAxis *>(perMinute->axes(Qt::Vertical).value(0));
    count->setTickCount(5);
    count->setRange(0, qreal((most + 4) / 4 * 4));
}
