// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// SessionActions on its own, over connection tabs: a tab's log saved, opened into the tab it
// is given, and exported as CSV and JSON; a failure is told in the status bar and to the
// caller, and changes nothing.
#include "connectiontab.h"
#include "log/eventlog.h"
#include "log/eventtablemodel.h"
#include "sessionactions.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

class TestSessionActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void savedOpenedAndExported();
    void failuresAreTold();
};

namespace {

LogEntry makeEvent(qint64 seq, const QByteArray &id, const QByteArray &data)
{
    LogEntry entry;
    entry.seq = seq;
    entry.monotonicNs = seq * 1000000;
    entry.bytes = id + data;
    entry.idSize = qint32(id.size());
    entry.conn = 1;
    return entry;
}

} // namespace

void TestSessionActions::savedOpenedAndExported()
{
    QTemporaryDir dir;
    QWidget window;
    QStatusBar status(&window);
    ConnectionTab source(&window);
    source.openUrl(QUrl(QStringLiteral("http://127.0.0.1:1/events")));
    for (int i = 1; i <= 3; ++i)
        source.log()->appendEntry(
            makeEvent(i, QByteArray::number(i), QByteArray("data ") + QByteArray::number(i)));
    ConnectionTab target(&window);
    ConnectionTab *current = &source;
    int freeTabCalls = 0;
    SessionActions actions(
        &window, &status, [&] { return current; },
        [&] {
            ++freeTabCalls;
            return &target;
        });

    const QString file = dir.filePath(QStringLiteral("s.ndjson"));
    QString error;
    QVERIFY2(actions.save(file, false, &error), qPrintable(error));
    QVERIFY(status.currentMessage().startsWith(QStringLiteral("Saved 3 entries")));
    QVERIFY2(actions.open(file, &error), qPrintable(error));
    QCOMPARE(freeTabCalls, 1);
    QCOMPARE(target.log()->size(), 3);
    QCOMPARE(target.title(), QStringLiteral("s.ndjson"));
    QVERIFY(status.currentMessage().contains(QStringLiteral("(3 entries)")));

    current = &target;
    const QString csv = dir.filePath(QStringLiteral("e.csv"));
    QVERIFY2(actions.exportEvents(csv, &error), qPrintable(error));
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(csvFile.readAll().count("\r\n"), 1 + target.model()->rowCount());
    const QString json = dir.filePath(QStringLiteral("e.JSON"));
    QVERIFY2(actions.exportEvents(json, &error), qPrintable(error));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(jsonFile.readAll()).array().size(),
             target.model()->rowCount());
    QVERIFY(status.currentMessage().startsWith(QStringLiteral("Exported")));
}

void TestSessionActions::failuresAreTold()
{
    QTemporaryDir dir;
    QWidget window;
    QStatusBar status(&window);
    ConnectionTab tab(&window);
    ConnectionTab *current = &tab;
    SessionActions actions(
        &window, &status, [&] { return current; }, [&] { return &tab; });
    QString error;
    const QString nowhere = dir.filePath(QStringLiteral("missing/dir/s.ndjson"));
    QVERIFY(!actions.save(nowhere, false, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(status.currentMessage().startsWith(QStringLiteral("Could not save the session: ")));
    QVERIFY(!actions.open(dir.filePath(QStringLiteral("absent.ndjson")), &error));
    QVERIFY(status.currentMessage().startsWith(QStringLiteral("Could not open the session: ")));
    QCOMPARE(tab.log()->size(), 0);
    QVERIFY(!actions.exportEvents(nowhere, &error));
    QVERIFY(status.currentMessage().startsWith(QStringLiteral("Could not export: ")));
    // No tab: nothing to save, nothing said.
    current = nullptr;
    QVERIFY(!actions.save(dir.filePath(QStringLiteral("x.ndjson"))));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.ndjson"))));
}

QTEST_MAIN(TestSessionActions)
#include "tst_sessionactions.moc"
