// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/clientrecord.h"

#include <QColor>
#include <QPalette>
#include <QString>

// The light and dark palettes, on the Fusion style so that both look the same everywhere.
// Qt 6.4 has no QStyleHints::colorScheme() (6.5 has), so "follow the system" reads the
// platform's palette instead: a dark window colour means a dark desktop. Custom-painted
// widgets take their colours from the palette (Base, Text, PlaceholderText, ...) and decide
// between their light and dark accents with isDark(), so a palette change repaints them right.
class Theme
{
public:
    enum class Mode { System, Light, Dark };

    static Mode savedMode(); // from QSettings, System when unset
    static void saveMode(Mode mode);
    static QString modeName(Mode mode); // "system", "light", "dark"
    static bool parseMode(const QString &name, Mode *mode);

    // Sets Fusion and the palette for `mode` on the application.
    static void apply(Mode mode);
    static Mode currentMode();
    // The desktop's colours changed (QEvent::ThemeChange): re-read them, and re-apply when
    // following the system.
    static void systemChanged();

    static bool isDark(const QPalette &palette);
    static bool systemIsDark();
    static QPalette lightPalette();
    static QPalette darkPalette();

    // The colours that say how things stand, the same on every widget and in both palettes.
    static QColor okColor() { return QColor(0x16, 0xa3, 0x4a); }
    static QColor warningColor() { return QColor(0xd9, 0x77, 0x06); }
    static QColor errorColor() { return QColor(0xdc, 0x26, 0x26); }
    static QColor neutralColor() { return QColor(0x6b, 0x72, 0x80); }
    // A connection state's colour: open green, (re)connecting amber, failed red, else grey.
    static QColor stateColor(ClientState state);
    // Captions beside values: a tone between the text and the window, readable as secondary in
    // either palette (rich text and style sheets know no palette roles, so it is passed in).
    static QColor captionColor(const QPalette &palette);
    // Plain text, escaped, as rich text in the error colour.
    static QString errorHtml(const QString &text);
};
