#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>

class MainWindow;
class OrderDetailView;
class QWidget;

// Drives a MainWindow through every view against a live server and saves a
// PNG of each (QWidget::grab), for docs/screenshots. Before each picture it
// checks that the view's model has rows; if one stays empty (or a step takes
// longer than the timeout) it stops and reports failure, so a broken demo
// never yields pictures of empty tables. The one exception is the split
// order (order-shipments.png): it opens the listed orders until one has two
// or more shipments, and when none has (a server that does not route to
// shipments yet) it says so on stderr and goes on without that picture.
class ScreenshotTour final : public QObject
{
    Q_OBJECT

public:
    ScreenshotTour(MainWindow *window, QString outputDir, QString address, QString token,
                   QObject *parent = nullptr);

    void start();
    void setStepTimeout(int ms) { m_stepTimeoutMs = ms; }

Q_SIGNALS:
    // exitCode 0: every picture was written.
    void finished(int exitCode);

private:
    void waitUntil(const QString &what, std::function<bool()> ready, std::function<void()> then);
    bool save(QWidget *widget, const QString &name);
    void fail(const QString &message);

    void signIn();
    void orders();
    void orderDetail();
    void customer();
    void stock();
    void inventoryDashboard();
    void shipmentsBoard();
    void splitShipments();
    void tryNextSplitCandidate();
    void dark();
    void pointOfSale();
    // refund-dialog.png: the refund dialog with a preview split over tenders.
    void refundDialog();
    void tryNextRefundCandidate();

    MainWindow *m_window;
    QDir m_dir;
    QString m_address;
    QString m_token;
    OrderDetailView *m_order = nullptr;
    QStringList m_splitCandidates; // order ids still to look at for shipments
    QTimer m_poll;
    QElapsedTimer m_stepClock;
    std::function<bool()> m_ready;
    std::function<void()> m_then;
    QString m_waitingFor;
    int m_stepTimeoutMs = 30000;
    bool m_failed = false;
    QStringList m_refundCandidates; // order ids still to try for the refund picture
};
