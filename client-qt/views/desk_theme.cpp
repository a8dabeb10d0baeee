#include "views/desk_theme.h"

#include <QApplication>
#include <QBuffer>
#include <QFile>
#include <QHash>
#include <QImageReader>
#include <QPixmap>
#include <QStyle>
#include <QWidget>

namespace DeskTheme {

namespace {

struct ToneColors
{
    const char *lightBg, *lightText, *darkBg, *darkText;
};

ToneColors colorsOf(Tone tone)
{
    switch (tone) {
    case Tone::Good: return {"#d8f1e0", "#17623a", "#1f3d2b", "#8fdcaa"};
    case Tone::Progress: return {"#dce8fb", "#1f4f99", "#1d3050", "#9cc2ff"};
    case Tone::Warning: return {"#fcefd2", "#7d5200", "#4a3a12", "#f2cf7a"};
    case Tone::Bad: return {"#fbe0e0", "#a12626", "#4d2222", "#ff9e9e"};
    case Tone::Neutral: break;
    }
    return {"#eceff3", "#48505c", "#343a42", "#c5ccd6"};
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QPixmap renderSvg(const QByteArray &svg, int size)
{
    QByteArray data = svg;
    QBuffer buffer(&data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "svg");
    reader.setScaledSize(QSize(size, size));
    return QPixmap::fromImage(reader.read());
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QString toneName(Tone tone)
{
    switch (tone) {
    case Tone::Good: return QStringLiteral("good");
    case Tone::Progress: return QStringLiteral("progress");
    case Tone::Warning: return QStringLiteral("warning");
    case Tone::Bad: return QStringLiteral("bad");
    case Tone::Neutral: break;
    }
    return QStringLiteral("neutral");
}

QColor toneBackground(Tone tone, const QPalette &palette)
{
    const ToneColors c = colorsOf(tone);
    return QColor(QLatin1String(isDark(palette) ? c.darkBg : c.lightBg));
}

QColor toneText(Tone tone, const QPalette &palette)
{
    const ToneColors c = colorsOf(tone);
    return QColor(QLatin1String(isDark(palette) ? c.darkText : c.lightText));
}

QString styleSheet(const QPalette &palette)
{
    QFile file(QStringLiteral(":/desk/style.qss"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString sheet = QString::fromUtf8(file.readAll());
    const bool dark = isDark(palette);
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    const QColor accent = palette.color(QPalette::Highlight);
    QHash<QString, QString> tokens = {
            {QStringLiteral("text"), text.name()},
            {QStringLiteral("muted"), mix(text, window, 0.42).name()},
            {QStringLiteral("border"), mix(text, window, 0.8).name()},
            {QStringLiteral("panel"), mix(window, dark ? QColor(Qt::white) : QColor(Qt::black), 0.035).name()},
            {QStringLiteral("accent"), accent.name()},
            {QStringLiteral("accentText"), palette.color(QPalette::HighlightedText).name()},
            {QStringLiteral("errorText"), toneText(Tone::Bad, palette).name()},
            {QStringLiteral("errorBg"), toneBackground(Tone::Bad, palette).name()},
            {QStringLiteral("errorBorder"), mix(toneText(Tone::Bad, palette), window, 0.6).name()},
    };
    for (Tone tone : {Tone::Neutral, Tone::Good, Tone::Progress, Tone::Warning, Tone::Bad}) {
        tokens.insert(toneName(tone) + QStringLiteral("Bg"), toneBackground(tone, palette).name());
        tokens.insert(toneName(tone) + QStringLiteral("Text"), toneText(tone, palette).name());
    }
    for (auto it = tokens.cbegin(); it != tokens.cend(); ++it)
        sheet.replace(QLatin1Char('@') + it.key() + QLatin1Char('@'), it.value());
    return sheet;
}

void apply(QApplication &app)
{
    const QString sheet = styleSheet(QApplication::palette());
    if (sheet == app.styleSheet())
        return;
    // With a style sheet in place, widgets keep the palette they were
    // polished with; clearing it first makes every widget take the current
    // application palette again when the new sheet polishes it.
    app.setStyleSheet(QString());
    app.setStyleSheet(sheet);
}

void setPalette(QApplication &app, const QPalette &palette)
{
    app.setStyleSheet(QString());
    QApplication::setPalette(palette);
    apply(app);
}

QIcon icon(const QString &name, const QPalette &palette)
{
    const QColor normal = palette.color(QPalette::WindowText);
    const QColor disabled = palette.color(QPalette::Disabled, QPalette::WindowText);
    // Rendering SVG costs a few milliseconds per icon; the views ask for the
    // same few icons again for every tab. GUI thread only.
    static QHash<QString, QIcon> cache;
    const QString key = name + normal.name() + disabled.name();
    if (const auto it = cache.constFind(key); it != cache.constEnd())
        return *it;
    QFile file(QStringLiteral(":/desk/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll();
    QIcon result;
    for (int size : {16, 24, 32}) {
        QByteArray tinted = svg;
        tinted.replace("currentColor", normal.name().toLatin1());
        result.addPixmap(renderSvg(tinted, size), QIcon::Normal);
        tinted = svg;
        tinted.replace("currentColor", disabled.name().toLatin1());
        result.addPixmap(renderSvg(tinted, size), QIcon::Disabled);
    }
    cache.insert(key, result);
    return result;
}

QIcon appIcon()
{
    return QIcon(QStringLiteral(":/desk/icons/app.svg"));
}

namespace {

// Re-evaluates the style sheet for a widget whose properties changed.
// polish() alone picks up colours; a frame (QLabel is one) takes padding and
// border widths only on StyleChange.
void repolish(QWidget *widget)
{
    // Not yet polished (not shown yet): the first polish reads the property
    // anyway, and repolishing the dozens of labels of a new order tab would
    // cost the GUI thread milliseconds for nothing.
    if (!widget->testAttribute(Qt::WA_WState_Polished))
        return;
    widget->style()->unpolish(widget);
    widget->style()->polish(widget);
    QEvent styleChange(QEvent::StyleChange);
    QCoreApplication::sendEvent(widget, &styleChange);
    widget->updateGeometry();
    widget->update();
}

} // namespace

void setRole(QWidget *widget, const char *role)
{
    widget->setProperty("role", QString::fromLatin1(role));
    repolish(widget);
}

void setTone(QWidget *widget, Tone tone)
{
    widget->setProperty("pill", true);
    widget->setProperty("tone", toneName(tone));
    repolish(widget);
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2e, 0x33);
    const QColor base(0x1f, 0x22, 0x26);
    const QColor text(0xe6, 0xe8, 0xeb);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x29, 0x2e));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x90, 0x99));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x39, 0x3f));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7b, 0xe0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7c, 0xb1, 0xff));
    p.setColor(QPalette::Mid, QColor(0x45, 0x49, 0x50));
    p.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1d));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4e, 0x55));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x85, 0x8c));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x85, 0x8c));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x85, 0x8c));
    return p;
}

} // namespace DeskTheme
