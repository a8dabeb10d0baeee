#pragma once

#include <QTimer>
#include <QWidget>

// A small spinning arc that shows a call is in flight. Takes its space even
// when idle, so layouts do not jump; animates only while running and visible.
class BusyIndicator final : public QWidget
{
    Q_OBJECT

public:
    explicit BusyIndicator(QWidget *parent = nullptr);

    bool isRunning() const { return m_running; }
    void setRunning(bool running);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QTimer m_timer;
    int m_angle = 0;
    bool m_running = false;
};
