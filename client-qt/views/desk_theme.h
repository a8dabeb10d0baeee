#pragma once

#include "models/display_text.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

class QApplication;
class QWidget;

// The look of oms-desk: the style sheet from :/desk/style.qss and the icons
// from :/desk/icons, both coloured from the current palette, so the client
// follows the system's light or dark palette. Stateless functions; callers
// re-apply on QEvent::ApplicationPaletteChange.
namespace DeskTheme {

bool isDark(const QPalette &palette);
// The style sheet with its colour tokens filled in for `palette`.
QString styleSheet(const QPalette &palette);
// Sets the style sheet for the application palette; call again when the
// palette changed (QEvent::ApplicationPaletteChange).
void apply(QApplication &app);
// Switches the application palette (e.g. to darkPalette()) and re-applies
// the style sheet; QApplication::setPalette alone is ignored by widgets
// already styled by a sheet.
void setPalette(QApplication &app, const QPalette &palette);
// :/desk/icons/<name>.svg drawn in the palette's text colour (disabled: muted).
QIcon icon(const QString &name, const QPalette &palette);
QIcon appIcon();
QColor toneBackground(Tone tone, const QPalette &palette);
QColor toneText(Tone tone, const QPalette &palette);
QString toneName(Tone tone);

// Sets a style-sheet property on `widget` and re-polishes it.
void setRole(QWidget *widget, const char *role);
void setTone(QWidget *widget, Tone tone);
// A palette for the dark look, for screenshots and testing on systems whose
// own palette is light.
QPalette darkPalette();

} // namespace DeskTheme
