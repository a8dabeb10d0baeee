#pragma once

#include <QTimer>
#include <QWidget>

class QBarSeries;
class QBarSet;
class QChartView;
class QLabel;
class QLineSeries;
class StockHistory;

// Two charts of one SKU from a StockHistory: available and on hand over
// time (summed over the nodes the dashboard shows), and the units reserved
// per minute. Redrawn at most every kRedrawMs while changes arrive, so a
// burst of pushes is one redraw and a change shows well within a second.
class StockChart final : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kRedrawMs = 150;

    explicit StockChart(StockHistory *history, QWidget *parent = nullptr);

    void setSku(const QString &sku);
    QString sku() const { return m_sku; }

    // For tests and the screenshot tour.
    QLineSeries *availableSeries() const { return m_available; }
    QLineSeries *onHandSeries() const { return m_onHand; }
    QBarSet *reservedSet() const { return m_reserved; }
    QChartView *stockView() const { return m_stockView; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void followPalette();
    void historyChanged(const QString &sku);
    void redraw();

    StockHistory *m_history;
    QString m_sku;
    QTimer m_redraw;
    QTimer m_clock;
    QLabel *m_title;
    QChartView *m_stockView;
    QChartView *m_reservationView;
    QLineSeries *m_available;
    QLineSeries *m_onHand;
    QBarSeries *m_reservations;
    QBarSet *m_reserved;
};
