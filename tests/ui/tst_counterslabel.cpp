// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// CountersLabel: every counter with its value as a person reads it (grouped numbers, durations,
// sizes, a dash for what was not measured), in two rows, with captions in a tone that differs
// between the light and dark palettes.
#include "counterslabel.h"
#include "theme.h"

#include <QTest>
#include <QTextDocument>

class TestCountersLabel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valuesAsRead();
    void captionsFollowThePalette();

private:
    static QString plain(const QLabel &label)
    {
        QTextDocument document;
        document.setHtml(label.text());
        return document.toPlainText();
    }
};

void TestCountersLabel::valuesAsRead()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    CountersLabel label;
    SseClientStats stats;
    stats.events = 1234567;
    stats.heartbeats = 8;
    stats.bytes = 2048;
    stats.connections = 3;
    stats.reconnects = 2;
    stats.uptimeMs = 65000;
    stats.downtimeMs = 3 * 3600 * 1000 + 60 * 1000 * 4;
    stats.lost = 5;
    stats.retryMs = 1500;
    stats.lastEventId = "abc";
    label.showStats(stats, 12.34);
    QCOMPARE(label.text().count(QStringLiteral("<br>")), 1); // two rows
    const QString text = plain(label); // (no-break spaces read as spaces)
    for (const QString &expected :
         {QStringLiteral("events 1,234,567"), QStringLiteral("events/s 12.3"),
          QStringLiteral("heartbeats 8"), QStringLiteral("latency –"),
          QStringLiteral("received 2.0 kB"), QStringLiteral("last id abc"),
          QStringLiteral("connections 3"), QStringLiteral("reconnects 2"),
          QStringLiteral("uptime 1 min 5 s"), QStringLiteral("downtime 3 h 4 min"),
          QStringLiteral("lost 5"), QStringLiteral("retry 1500 ms")}) {
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" in ") + text));
    }
    stats.lastLatencyMs = 0.256;
    label.showStats(stats, 0);
    QVERIFY(plain(label).contains(QStringLiteral("latency 0.26 ms")));
    // A caption and its value never part at a line break.
    QVERIFY(label.text().contains(QStringLiteral("latency</span>&nbsp;<b>0.26&nbsp;ms</b>")));
    QLocale::setDefault(QLocale::system());
}

void TestCountersLabel::captionsFollowThePalette()
{
    const QColor light = Theme::captionColor(Theme::lightPalette());
    const QColor dark = Theme::captionColor(Theme::darkPalette());
    QVERIFY(light != dark);
    // Between text and window in both.
    QVERIFY(light.lightness() < Theme::lightPalette().color(QPalette::Window).lightness());
    QVERIFY(light.lightness() > Theme::lightPalette().color(QPalette::WindowText).lightness());
    QVERIFY(dark.lightness() > Theme::darkPalette().color(QPalette::Window).lightness());
    QVERIFY(dark.lightness() < Theme::darkPalette().color(QPalette::WindowText).lightness());
    CountersLabel label;
    label.setPalette(Theme::darkPalette());
    label.showStats(SseClientStats(), 0);
    QVERIFY(label.text().contains(dark.name()));
}

QTEST_MAIN(TestCountersLabel)
#include "tst_counterslabel.moc"
