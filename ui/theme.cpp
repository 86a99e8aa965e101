// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "theme.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>

namespace {

const QString kModeKey = QStringLiteral("view/palette");

struct State
{
    bool captured = false;
    QPalette system; // the platform's palette, before ours replaced it
    Theme::Mode mode = Theme::Mode::System;
};

State &state()
{
    static State s;
    return s;
}

void captureSystem()
{
    if (!state().captured) {
        state().system = QApplication::palette();
        state().captured = true;
    }
}

QPalette makePalette(const QColor &window, const QColor &text, const QColor &base,
                     const QColor &alternate, const QColor &button, const QColor &placeholder,
                     const QColor &highlight, const QColor &link, const QColor &disabledText)
{
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, placeholder);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xef, 0x44, 0x44));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, link);
    p.setColor(QPalette::LinkVisited, link.darker(120));
    // The bevel shades Fusion draws frames and handles with, derived from the button colour.
    const bool dark = window.lightnessF() < 0.5;
    p.setColor(QPalette::Light, dark ? button.lighter(150) : Qt::white);
    p.setColor(QPalette::Midlight, dark ? button.lighter(125) : button.lighter(110));
    p.setColor(QPalette::Mid, dark ? button.darker(130) : button.darker(130));
    p.setColor(QPalette::Dark, dark ? button.darker(180) : button.darker(160));
    p.setColor(QPalette::Shadow, dark ? QColor(0, 0, 0) : QColor(0x40, 0x40, 0x40));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, dark ? button.lighter(130) : button);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

} // namespace

Theme::Mode Theme::savedMode()
{
    Mode mode = Mode::System;
    parseMode(QSettings().value(kModeKey).toString(), &mode);
    return mode;
}

void Theme::saveMode(Mode mode)
{
    QSettings().setValue(kModeKey, modeName(mode));
}

QString Theme::modeName(Mode mode)
{
    switch (mode) {
    case Mode::System:
        return QStringLiteral("system");
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    }
    return {};
}

bool Theme::parseMode(const QString &name, Mode *mode)
{
    for (Mode m : {Mode::System, Mode::Light, Mode::Dark}) {
        if (name.compare(modeName(m), Qt::CaseInsensitive) == 0) {
            *mode = m;
            return true;
        }
    }
    return false;
}

void Theme::apply(Mode mode)
{
    captureSystem();
    state().mode = mode;
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStringLiteral("Fusion"));
    const bool dark = mode == Mode::Dark || (mode == Mode::System && systemIsDark());
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
}

Theme::Mode Theme::currentMode()
{
    return state().mode;
}

void Theme::systemChanged()
{
    if (!state().captured)
        return;
    // An application palette with no role set resolves to the platform's entirely: that is
    // the only public way in 6.4 to read the desktop's colours once ours are in place.
    QApplication::setPalette(QPalette());
    state().system = QApplication::palette();
    apply(state().mode);
}

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

bool Theme::systemIsDark()
{
    captureSystem();
    return isDark(state().system);
}

QPalette Theme::lightPalette()
{
    return makePalette(QColor(0xf3, 0xf4, 0xf6), QColor(0x11, 0x18, 0x27), Qt::white,
                       QColor(0xf5, 0xf7, 0xfa), QColor(0xe9, 0xeb, 0xef), QColor(0x6b, 0x72, 0x80),
                       QColor(0x25, 0x63, 0xeb), QColor(0x1d, 0x4e, 0xd8),
                       QColor(0x9c, 0xa3, 0xaf));
}

QPalette Theme::darkPalette()
{
    return makePalette(QColor(0x1f, 0x23, 0x2a), QColor(0xe5, 0xe7, 0xeb), QColor(0x15, 0x18, 0x1d),
                       QColor(0x1c, 0x20, 0x26), QColor(0x2b, 0x30, 0x38), QColor(0x8b, 0x93, 0xa1),
                       QColor(0x3b, 0x82, 0xf6), QColor(0x60, 0xa5, 0xfa),
                       QColor(0x6b, 0x72, 0x80));
}

QColor Theme::captionColor(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    const QColor window = palette.color(QPalette::Window);
    const auto mix = [](int a, int b) {
        return (a * 65 + b * 35) / 100;
    };
    return QColor(mix(text.red(), window.red()), mix(text.green(), window.green()),
                  mix(text.blue(), window.blue()));
}

QColor Theme::stateColor(ClientState state)
{
    switch (state) {
    case ClientState::Open:
        return okColor();
    case ClientState::Connecting:
    case ClientState::Reconnecting:
        return warningColor();
    case ClientState::Failed:
        return errorColor();
    case ClientState::Idle:
    case ClientState::Closed:
        break;
    }
    return neutralColor();
}

QString Theme::errorHtml(const QString &text)
{
    return QStringLiteral("<span style='color:%1'>%2</span>")
        .arg(errorColor().name(), text.toHtmlEscaped());
}
