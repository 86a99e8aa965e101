// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "faults/scenarioreader.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray scenario(const QByteArray &steps)
{
    return R"({"name": "test", "description": "a test", "steps": )" + steps + "}";
}

} // namespace

class TestScenarioReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsEveryAction();
    void repeatBlocksUnroll();
    void rejected_data();
    void rejected();
    void readsFilesAndNamesThemInErrors();
    void presetsAllLoad();
};

void TestScenarioReader::readsEveryAction()
{
    Scenario s;
    QString error;
    QVERIFY2(ScenarioReader::read(scenario(R"([
        {"at": "1.5s", "fault": "stall for=2s clients=1"},
        {"after": 100, "fault": "drop every=50", "comment": "from event 100 on"},
        {"at": 250, "set": {"event-ms": 5, "heartbeat-ms": 0, "heartbeat-form": "data",
                            "payload": "{{n}}"}},
        {"fault": "rst"},
        {"at": "1m", "clear": true}
    ])"),
                                  QStringLiteral("t.json"), &s, &error),
             qPrintable(error));
    QCOMPARE(s.name, QStringLiteral("test"));
    QCOMPARE(s.description, QStringLiteral("a test"));
    QCOMPARE(s.source, QStringLiteral("t.json"));
    QCOMPARE(s.steps.size(), 5);
    const Scenario::Step &stall = s.steps.at(0);
    QCOMPARE(stall.action, Scenario::Step::Action::Fault);
    QVERIFY(!stall.byEvents);
    QCOMPARE(stall.atMs, 1500);
    QCOMPARE(stall.fault.kind, Fault::Kind::Stall);
    QCOMPARE(stall.fault.clients, QList<int> {1});
    QCOMPARE(stall.label, QStringLiteral("step 1"));
    QCOMPARE(stall.text, QStringLiteral("fault stall for=2s clients=1"));
    const Scenario::Step &drop = s.steps.at(1);
    QVERIFY(drop.byEvents);
    QCOMPARE(drop.afterEvents, 100);
    QCOMPARE(drop.fault.trigger.kind, Fault::Trigger::Kind::EveryEvents);
    const Scenario::Step &set = s.steps.at(2);
    QCOMPARE(set.action, Scenario::Step::Action::Set);
    QCOMPARE(set.atMs, 250);
    QCOMPARE(set.eventMs, std::optional<qint64>(5));
    QCOMPARE(set.heartbeatMs, std::optional<qint64>(0));
    QCOMPARE(set.heartbeatForm, std::optional<QString>(QStringLiteral("data")));
    QCOMPARE(set.payload, std::optional<QByteArray>("{{n}}"));
    QCOMPARE(s.steps.at(3).atMs, 0); // no time: at the start
    QCOMPARE(s.steps.at(4).action, Scenario::Step::Action::Clear);
    QCOMPARE(s.steps.at(4).atMs, 60000);
}

void TestScenarioReader::repeatBlocksUnroll()
{
    Scenario s;
    QString error;
    QVERIFY2(ScenarioReader::read(scenario(R"([
        {"at": "10s", "repeat": 3, "every": "5s", "steps": [
            {"at": "0s", "fault": "rst"},
            {"at": "1s", "fault": "status code=503"}
        ]},
        {"after": 20, "repeat": 2, "every": 100, "steps": [{"after": 1, "fault": "fin"}]}
    ])"),
                                  QStringLiteral("t.json"), &s, &error),
             qPrintable(error));
    QCOMPARE(s.steps.size(), 8);
    QList<qint64> times;
    for (qsizetype i = 0; i < 6; ++i)
        times.append(s.steps.at(i).atMs);
    QCOMPARE(times, (QList<qint64> {10000, 11000, 15000, 16000, 20000, 21000}));
    QCOMPARE(s.steps.at(3).label, QStringLiteral("step 1.2 (repeat 2)"));
    QVERIFY(s.steps.at(6).byEvents);
    QCOMPARE(s.steps.at(6).afterEvents, 21);
    QCOMPARE(s.steps.at(7).afterEvents, 121);
}

void TestScenarioReader::rejected_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{\"name\": ") << "bad.json: invalid JSON at byte";
    QTest::newRow("array") << QByteArray("[]") << "bad.json: not a JSON object";
    QTest::newRow("no name") << QByteArray(R"({"description": "d", "steps": []})")
                             << "bad.json: name is missing";
    QTest::newRow("no description")
        << QByteArray(R"({"name": "n", "steps": []})") << "bad.json: description is missing";
    QTest::newRow("unknown root key")
        << QByteArray(R"({"name": "n", "description": "d", "steps": [], "loop": true})")
        << "bad.json: unknown key \"loop\"";
    QTest::newRow("no steps") << scenario("[]") << "bad.json: steps: no steps";
    QTest::newRow("bad fault") << scenario(R"([{"at": "1s", "fault": "rst"},
                                               {"at": "2s", "fault": "stall for=5"}])")
                               << "bad.json: step 2: fault \"stall for=5\": stall: for=5 is not "
                                  "a duration";
    QTest::newRow("fault not string")
        << scenario(R"([{"fault": 5}])") << "bad.json: step 1: fault is not a string";
    QTest::newRow("bad at") << scenario(R"([{"at": "soon", "fault": "rst"}])")
                            << "bad.json: step 1: at is not a duration";
    QTest::newRow("negative at") << scenario(R"([{"at": -5, "fault": "rst"}])")
                                 << "bad.json: step 1: at is not a duration";
    QTest::newRow("bad after") << scenario(R"([{"after": 1.5, "fault": "rst"}])")
                               << "bad.json: step 1: after is not a number of events";
    QTest::newRow("at and after") << scenario(R"([{"at": "1s", "after": 5, "fault": "rst"}])")
                                  << "bad.json: step 1: has both at and after";
    QTest::newRow("no action") << scenario(R"([{"at": "1s"}])")
                               << "bad.json: step 1: has no action";
    QTest::newRow("two actions") << scenario(R"([{"fault": "rst", "clear": true}])")
                                 << "bad.json: step 1: has fault and clear";
    QTest::newRow("unknown key") << scenario(R"([{"fault": "rst", "when": 5}])")
                                 << "bad.json: step 1: unknown key \"when\"";
    QTest::newRow("clear false") << scenario(R"([{"clear": false}])")
                                 << "bad.json: step 1: clear takes true";
    QTest::newRow("set unknown") << scenario(R"([{"set": {"speed": 1}}])")
                                 << "bad.json: step 1: set: unknown setting \"speed\"";
    QTest::newRow("set bad ms") << scenario(R"([{"set": {"event-ms": -1}}])")
                                << "bad.json: step 1: set: event-ms is not a number";
    QTest::newRow("set bad form") << scenario(R"([{"set": {"heartbeat-form": "smoke"}}])")
                                  << "bad.json: step 1: set: heartbeat-form is comment";
    QTest::newRow("set empty") << scenario(R"([{"set": {}}])")
                               << "bad.json: step 1: set is not an object";
    QTest::newRow("repeat 0") << scenario(R"([{"repeat": 0, "every": "1s", "steps": []}])")
                              << "bad.json: step 1: repeat is not a count";
    QTest::newRow("repeat no every")
        << scenario(R"([{"repeat": 2, "steps": []}])") << "bad.json: step 1: a repeat needs every";
    QTest::newRow("repeat no steps") << scenario(R"([{"repeat": 2, "every": "1s"}])")
                                     << "bad.json: step 1: a repeat needs steps";
    QTest::newRow("repeat mixed")
        << scenario(R"([{"repeat": 2, "every": "1s", "steps": [{"after": 3, "fault": "rst"}]}])")
        << "bad.json: step 1.1 (repeat 1): after in a repeat block whose every is a time";
    QTest::newRow("inner error") << scenario(R"([{"fault": "rst"}, {"repeat": 2, "every": 10,
                                                  "steps": [{"fault": "drop every=x"}]}])")
                                 << "bad.json: step 2.1 (repeat 1): fault \"drop every=x\"";
    QTest::newRow("every outside repeat") << scenario(R"([{"fault": "rst", "every": "1s"}])")
                                          << "bad.json: step 1: every and steps belong to a repeat";
}

void TestScenarioReader::rejected()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    Scenario s;
    s.name = QStringLiteral("untouched");
    QString error;
    QVERIFY(!ScenarioReader::read(json, QStringLiteral("bad.json"), &s, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QCOMPARE(s.name, QStringLiteral("untouched"));
}

void TestScenarioReader::readsFilesAndNamesThemInErrors()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(scenario(R"([{"at": "1s", "fault": "rst"}, {"clear": 1}])"));
    file.close();
    Scenario s;
    QString error;
    QVERIFY(!ScenarioReader::readFile(path, &s, &error));
    QCOMPARE(error, path + QStringLiteral(": step 2: clear takes true"));
    QVERIFY(!ScenarioReader::readFile(dir.filePath(QStringLiteral("missing.json")), &s, &error));
    QVERIFY2(error.contains(QStringLiteral("missing.json: cannot read")), qPrintable(error));
    QVERIFY(!ScenarioReader::readFile(QStringLiteral("preset:nope"), &s, &error));
    QVERIFY2(error.startsWith(QStringLiteral("preset:nope: no such preset (presets: flaky-wifi")),
             qPrintable(error));
}

void TestScenarioReader::presetsAllLoad()
{
    const QStringList presets = ScenarioReader::presets();
    // The issue's list, at least.
    for (const char *name : {"flaky-wifi", "laptop-sleep", "proxy-idle-timeout", "server-deploy",
                             "llm-truncated", "slow-consumer"})
        QVERIFY2(presets.contains(QLatin1String(name)), name);
    for (const QString &name : presets) {
        Scenario s;
        QString error;
        QVERIFY2(ScenarioReader::readFile(QStringLiteral("preset:") + name, &s, &error),
                 qPrintable(error));
        QCOMPARE(s.name, name);
        QVERIFY(!s.description.isEmpty());
        QVERIFY(!s.steps.isEmpty());
        // Only the deploy answers with a server error that a strict client takes as final.
        QCOMPARE(s.finalStatusForStrictClients(),
                 name == QStringLiteral("server-deploy") ? 503 : 0);
    }
}

QTEST_GUILESS_MAIN(TestScenarioReader)
#include "tst_scenarioreader.moc"
