// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "check/checkreader.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray Base = "streams:\n"
                        "  s:\n"
                        "    url: http://127.0.0.1:1/events\n"
                        "steps:\n";

} // namespace

class TestCheckReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsAWholeFile();
    void yamlAndJsonGiveTheSameModel();
    void capturesAreKnownToLaterStepsOnly();
    void varsFromOutsideWin();
    void controlTriggers();
    void refusesMalformedFiles_data();
    void refusesMalformedFiles();
    void exampleFilesRead();
};

void TestCheckReader::readsAWholeFile()
{
    const QByteArray text = "name: smoke\n"
                            "streams:\n"
                            "  api:\n"
                            "    url: http://127.0.0.1:9/events\n"
                            "    method: post\n"
                            "    headers: {Authorization: Bearer t}\n"
                            "    body: '{}'\n"
                            "    transport: wire\n"
                            "    idle-timeout: 2s\n"
                            "    retry-ms: 100\n"
                            "  mock:\n"
                            "    mock: {event-ms: 20, heartbeat-form: event, no-ids: true,\n"
                            "           faults: [\"drop every=5\"]}\n"
                            "steps:\n"
                            "  - name: first\n"
                            "    stream: api\n"
                            "    within: 1.5s\n"
                            "    expect:\n"
                            "      - event: {type: tick, json: {/a/0: 3, /b: x}, data: 'a+'}\n"
                            "        capture: {n: /n}\n"
                            "      - count: {at-least: 2, type: tick}\n"
                            "      - order: [start, {type: end}]\n"
                            "      - none: {id: x}\n"
                            "  - stream: mock\n"
                            "    fault: rst\n"
                            "    expect: [{resume: true}, {lost: 0}, {heartbeat: 250ms}, "
                            "{open: 1s}]\n"
                            "  - stream: api\n"
                            "    http: {url: 'http://127.0.0.1:9/send?n={{n}}', status: 202}\n";
    CheckFile file;
    QString error;
    QVERIFY2(CheckReader::read(text, QStringLiteral("t.yaml"), false, {}, &file, &error),
             qPrintable(error));
    QCOMPARE(file.name, QStringLiteral("smoke"));
    QCOMPARE(file.streams.size(), 2);
    const CheckStream &api = file.streams.at(0);
    QCOMPARE(api.options.method, QByteArray("POST"));
    QCOMPARE(api.headers.size(), 1);
    QCOMPARE(api.options.transport, SseClientOptions::Transport::Wire);
    QCOMPARE(api.options.idleTimeoutMs, 2000);
    QCOMPARE(api.options.retryMs, 100);
    const CheckStream &mock = file.streams.at(1);
    QVERIFY(mock.mock);
    QCOMPARE(mock.mockOptions.eventMs, 20);
    QVERIFY(!mock.mockOptions.ids);
    QCOMPARE(mock.mockOptions.heartbeatForm, MockServerOptions::HeartbeatForm::Event);
    QCOMPARE(mock.mockFaults.size(), 1);
    QCOMPARE(file.steps.size(), 3);
    const CheckStep &first = file.steps.at(0);
    QCOMPARE(first.withinMs, 1500);
    QCOMPARE(first.expectations.size(), 4);
    const Expectation &event = first.expectations.at(0);
    QCOMPARE(event.kind, Expectation::Kind::Event);
    QCOMPARE(event.matcher.type, QStringLiteral("tick"));
    QCOMPARE(event.matcher.json.size(), 2);
    QCOMPARE(event.matcher.json.at(0).pointer, QStringLiteral("/a/0"));
    QCOMPARE(event.matcher.json.at(0).expected, QStringLiteral("3"));
    QCOMPARE(event.matcher.captures.size(), 1);
    QCOMPARE(event.where.line, 19);
    QCOMPARE(first.expectations.at(1).count, 2);
    QCOMPARE(first.expectations.at(2).order.size(), 2);
    QCOMPARE(first.expectations.at(2).order.at(0).type, QStringLiteral("start"));
    QCOMPARE(file.steps.at(1).stream, 1);
    QCOMPARE(file.steps.at(1).trigger.kind, CheckTrigger::Kind::Fault);
    QCOMPARE(file.steps.at(1).expectations.at(2).ms, 250);
    QCOMPARE(file.steps.at(2).trigger.kind, CheckTrigger::Kind::Http);
    QCOMPARE(file.steps.at(2).trigger.status, 202);
    QVERIFY(file.steps.at(2).expectations.isEmpty());
}

void TestCheckReader::yamlAndJsonGiveTheSameModel()
{
    const QByteArray yaml = Base
        + "  - within: 2s\n"
          "    expect:\n"
          "      - event: {type: tick, json: {/n: 1}}\n"
          "      - count: 3\n";
    const QByteArray json = R"({
  "streams": {"s": {"url": "http://127.0.0.1:1/events"}},
  "steps": [
    {"within": "2s", "expect": [
      {"event": {"type": "tick", "json": {"/n": 1}}},
      {"count": 3}
    ]}
  ]
})";
    CheckFile a;
    CheckFile b;
    QString error;
    QVERIFY2(CheckReader::read(yaml, QStringLiteral("a.yaml"), false, {}, &a, &error),
             qPrintable(error));
    QVERIFY2(CheckReader::read(json, QStringLiteral("a.json"), true, {}, &b, &error),
             qPrintable(error));
    QCOMPARE(b.streams.size(), a.streams.size());
    QCOMPARE(b.streams.at(0).url, a.streams.at(0).url);
    QCOMPARE(b.steps.size(), 1);
    QCOMPARE(b.steps.at(0).withinMs, a.steps.at(0).withinMs);
    QCOMPARE(b.steps.at(0).expectations.size(), 2);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(b.steps.at(0).expectations.at(i).describe(),
                 a.steps.at(0).expectations.at(i).describe());
    QCOMPARE(b.steps.at(0).expectations.at(0).where.line, 5); // JSON lines too
}

void TestCheckReader::capturesAreKnownToLaterStepsOnly()
{
    CheckFile file;
    QString error;
    const QByteArray later = Base
        + "  - expect:\n"
          "      - event: tick\n"
          "        capture: {n: /n}\n"
          "  - expect:\n"
          "      - event: {id: '{{n}}'}\n";
    QVERIFY2(CheckReader::read(later, QStringLiteral("t.yaml"), false, {}, &file, &error),
             qPrintable(error));
    const QByteArray same = Base
        + "  - expect:\n"
          "      - event: tick\n"
          "        capture: {n: /n}\n"
          "      - event: {id: '{{n}}'}\n";
    QVERIFY(!CheckReader::read(same, QStringLiteral("t.yaml"), false, {}, &file, &error));
    QVERIFY2(error.startsWith(QStringLiteral("t.yaml:8:")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("{{n}}")), qPrintable(error));
}

void TestCheckReader::varsFromOutsideWin()
{
    const QByteArray text = "vars: {host: 'http://127.0.0.1:1'}\n"
                            "streams:\n"
                            "  s: {url: '{{host}}/events', headers: {X-Token: '{{token}}'}}\n"
                            "steps:\n"
                            "  - expect: [{event: tick}]\n";
    CheckFile file;
    QString error;
    QVERIFY(!CheckReader::read(text, QStringLiteral("t.yaml"), false, {}, &file, &error));
    QVERIFY2(error.contains(QStringLiteral("{{token}}")), qPrintable(error));
    const QHash<QString, QString> vars {{QStringLiteral("token"), QStringLiteral("t")},
                                        {QStringLiteral("host"), QStringLiteral("http://h")}};
    QVERIFY2(CheckReader::read(text, QStringLiteral("t.yaml"), false, vars, &file, &error),
             qPrintable(error));
    QCOMPARE(file.vars.value(QStringLiteral("host")), QStringLiteral("http://h"));
}

void TestCheckReader::controlTriggers()
{
    const QByteArray text = "vars: {api: 'http://127.0.0.1:7070/'}\n"
                            "streams: {s: {mock: {}}}\n"
                            "steps:\n"
                            "  - control: {url: '{{api}}', token: t0k, fault: 'stall for=2s'}\n"
                            "  - control: {url: '{{api}}', scenario: 'preset:flaky-wifi'}\n"
                            "  - control: {url: '{{api}}', clear: faults}\n"
                            "  - control: {url: '{{api}}', settings: {heartbeat-ms: 250, "
                            "heartbeat-form: comment}}\n";
    CheckFile file;
    QString error;
    QVERIFY2(CheckReader::read(text, QStringLiteral("t.yaml"), false, {}, &file, &error),
             qPrintable(error));
    QCOMPARE(file.steps.size(), 4);
    const CheckTrigger &fault = file.steps.at(0).trigger;
    QCOMPARE(fault.kind, CheckTrigger::Kind::Control);
    QCOMPARE(fault.url, QStringLiteral("{{api}}"));
    QCOMPARE(fault.method, QByteArray("POST"));
    QCOMPARE(fault.controlPath, QStringLiteral("faults"));
    QCOMPARE(fault.status, 201);
    QCOMPARE(fault.body, QStringLiteral("{\"fault\":\"stall for=2s\"}"));
    QVERIFY(fault.headers.contains(
        qMakePair(QStringLiteral("Authorization"), QStringLiteral("Bearer t0k"))));
    QCOMPARE(fault.describe(),
             QStringLiteral("control fault stall for=2s (POST /faults at {{api}})"));
    const CheckTrigger &scenario = file.steps.at(1).trigger;
    QCOMPARE(scenario.controlPath, QStringLiteral("scenario"));
    QCOMPARE(scenario.body, QStringLiteral("{\"preset\":\"flaky-wifi\"}"));
    QCOMPARE(scenario.status, 0); // any 2xx
    const CheckTrigger &clear = file.steps.at(2).trigger;
    QCOMPARE(clear.method, QByteArray("DELETE"));
    QCOMPARE(clear.controlPath, QStringLiteral("faults"));
    QVERIFY(clear.body.isEmpty());
    const CheckTrigger &settings = file.steps.at(3).trigger;
    QCOMPARE(settings.method, QByteArray("PUT"));
    QCOMPARE(settings.controlPath, QStringLiteral("settings"));
    const QJsonObject body = QJsonDocument::fromJson(settings.body.toUtf8()).object();
    QCOMPARE(body.value(QStringLiteral("heartbeat-ms")), QJsonValue(250));
    QCOMPARE(body.value(QStringLiteral("heartbeat-form")), QJsonValue(QStringLiteral("comment")));

    // A scenario file goes inline: the API may be on another host.
    QTemporaryDir dir;
    QFile scenarioFile(dir.filePath(QStringLiteral("s.json")));
    QVERIFY(scenarioFile.open(QIODevice::WriteOnly));
    scenarioFile.write(
        R"({"name": "one", "description": "a reset", "steps": [{"at": "1s", "fault": "rst"}]})");
    scenarioFile.close();
    QVERIFY2(CheckReader::read("streams: {s: {mock: {}}}\nsteps:\n"
                               "  - control: {url: 'http://h/', scenario: s.json}\n",
                               dir.filePath(QStringLiteral("c.yaml")), false, {}, &file, &error),
             qPrintable(error));
    const QJsonObject inline_ =
        QJsonDocument::fromJson(file.steps.at(0).trigger.body.toUtf8()).object();
    QCOMPARE(inline_.value(QStringLiteral("scenario")).toObject().value(QStringLiteral("name")),
             QJsonValue(QStringLiteral("one")));
}

void TestCheckReader::refusesMalformedFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("json");
    QTest::addColumn<QString>("prefix"); // file:line:column, where known
    QTest::addColumn<QString>("reason");

    const QByteArray expectTick = "    expect:\n      - event: tick\n";
    QTest::newRow("yaml syntax") << QByteArray("streams: [a, b\nsteps: x\n") << false
                                 << QStringLiteral("t.yaml:") << QString();
    QTest::newRow("not a map") << QByteArray("- a\n- b\n") << false
                               << QStringLiteral("t.yaml:1:1: ")
                               << QStringLiteral("is a list, expected a map");
    QTest::newRow("unknown top key")
        << QByteArray("stream: {}\n") << false << QStringLiteral("t.yaml:1:1: ")
        << QStringLiteral("unknown key \"stream\" in the check file");
    QTest::newRow("no steps") << QByteArray(Base).replace("steps:\n", "") << false
                              << QStringLiteral("t.yaml:1:1: ") << QStringLiteral("no steps");
    QTest::newRow("empty steps") << Base + "  []\n"
                                 << false << QStringLiteral("t.yaml:5:3: ")
                                 << QStringLiteral("steps is empty");
    QTest::newRow("unknown step key")
        << Base + "  - withn: 2s\n" + expectTick << false << QStringLiteral("t.yaml:5:5: ")
        << QStringLiteral("unknown key \"withn\" in step 1 (known: name, stream, within");
    QTest::newRow("duplicate key")
        << Base + "  - within: 2s\n    within: 3s\n" + expectTick << false
        << QStringLiteral("t.yaml:6:5: ") << QStringLiteral("key \"within\" repeated in step 1");
    QTest::newRow("within wrong type")
        << Base + "  - within: [1]\n" + expectTick << false << QStringLiteral("t.yaml:5:13: ")
        << QStringLiteral("step 1 within is a list, expected text");
    QTest::newRow("within without unit")
        << Base + "  - within: 2\n" + expectTick << false << QStringLiteral("t.yaml:5:13: ")
        << QStringLiteral("is not a duration with its unit");
    QTest::newRow("bad regex") << Base + "  - expect:\n      - event: {data: 'a(b'}\n"
                               << false << QStringLiteral("t.yaml:6:23: ")
                               << QStringLiteral("is not a regular expression");
    QTest::newRow("bad pointer") << Base + "  - expect:\n      - event: {json: {a: 1}}\n"
                                 << false << QStringLiteral("t.yaml:6:24: ") // the key
                                 << QStringLiteral("\"a\" is not a JSON Pointer");
    QTest::newRow("control without url")
        << Base + "  - control: {fault: rst}\n"
        << false << QStringLiteral("t.yaml:5:14: ")
        << QStringLiteral("step 1 control needs the control API's url");
    QTest::newRow("control without action")
        << Base + "  - control: {url: 'http://h/'}\n"
        << false << QStringLiteral("t.yaml:5:14: ")
        << QStringLiteral("step 1 control names no action (one of fault, scenario, clear, "
                          "settings)");
    QTest::newRow("control with two actions")
        << Base + "  - control: {url: 'http://h/', fault: rst, clear: faults}\n"
        << false << QStringLiteral("t.yaml:5:45: ")
        << QStringLiteral("step 1 control has both fault and clear");
    QTest::newRow("control bad fault")
        << Base + "  - control: {url: 'http://h/', fault: 'stall fr=2s'}\n"
        << false << QStringLiteral("t.yaml:5:40: ")
        << QStringLiteral("step 1 control fault \"stall fr=2s\"");
    QTest::newRow("control bad clear")
        << Base + "  - control: {url: 'http://h/', clear: all}\n"
        << false << QStringLiteral("t.yaml:5:40: ")
        << QStringLiteral("step 1 control clear \"all\" is not faults or scenario");
    QTest::newRow("control missing scenario")
        << Base + "  - control: {url: 'http://h/', scenario: nope.json}\n"
        << false << QStringLiteral("t.yaml:5:43: ") << QStringLiteral("step 1 control scenario: ");
    QTest::newRow("control and http")
        << Base + "  - control: {url: 'http://h/', clear: faults}\n    http: 'http://h/'\n"
        << false << QStringLiteral("t.yaml:6:11: ") << QStringLiteral("has two triggers");
    QTest::newRow("bad capture name")
        << Base + "  - expect:\n      - event: tick\n        capture: {n: /a, 'b c': /b}\n"
        << false << QStringLiteral("t.yaml:7:26: ") << QStringLiteral("capture \"b c\": ");
    QTest::newRow("bad var name") << "vars: {ok: 1, 'no good': 2}\n" + Base + expectTick << false
                                  << QStringLiteral("t.yaml:1:15: ")
                                  << QStringLiteral("vars: \"no good\": ");
    QTest::newRow("bad capture pointer")
        << Base + "  - expect:\n      - event: tick\n        capture: {n: 'x~2'}\n"
        << false << QStringLiteral("t.yaml:7:22: ") << QStringLiteral("is not a JSON Pointer");
    QTest::newRow("json value not scalar")
        << Base + "  - expect:\n      - event: {json: {/a: [1]}}\n"
        << false << QStringLiteral("t.yaml:6:28: ") << QStringLiteral("expected a string, number");
    QTest::newRow("unknown stream")
        << Base + "  - stream: nope\n" + expectTick << false << QStringLiteral("t.yaml:5:13: ")
        << QStringLiteral("no stream \"nope\" (streams: s)");
    QTest::newRow("which stream") << QByteArray(
        "streams:\n  a: {mock: {}}\n  b: {mock: {}}\nsteps:\n  - expect: "
        "[{event: x}]\n") << false << QStringLiteral("t.yaml:5:5: ")
                                  << QStringLiteral("which stream?");
    QTest::newRow("unused stream")
        << QByteArray("streams:\n  a: {mock: {}}\n  b: {mock: {}}\nsteps:\n  - stream: a\n    "
                      "expect: [{event: x}]\n")
        << false << QStringLiteral("t.yaml:3:6: ")
        << QStringLiteral("stream \"b\" is used by no step");
    QTest::newRow("undefined reference")
        << Base + "  - expect:\n      - event: '{{nope}}'\n"
        << false << QStringLiteral("t.yaml:6:16: ")
        << QStringLiteral("uses {{nope}}, which is neither in vars nor captured");
    QTest::newRow("url and mock") << QByteArray(
        "streams:\n  s: {url: 'http://h/', mock: {}}\nsteps:\n  - expect: "
        "[{event: x}]\n") << false << QStringLiteral("t.yaml:2:6: ")
                                  << QStringLiteral("needs either url or mock");
    QTest::newRow("neither url nor mock")
        << QByteArray("streams:\n  s: {method: GET}\nsteps:\n  - expect: [{event: x}]\n") << false
        << QStringLiteral("t.yaml:2:6: ") << QStringLiteral("needs either url or mock");
    QTest::newRow("bad url") << QByteArray(
        "streams:\n  s: {url: 'http://exa mple/'}\nsteps:\n  - expect: "
        "[{event: x}]\n") << false
                             << QStringLiteral("t.yaml:2:12: ")
                             << QStringLiteral("stream \"s\" url: ");
    QTest::newRow("unknown stream key")
        << QByteArray("streams:\n  s: {url: 'http://h/', timeout: 2s}\nsteps:\n  - expect: "
                      "[{event: x}]\n")
        << false << QStringLiteral("t.yaml:2:25: ")
        << QStringLiteral("unknown key \"timeout\" in stream \"s\"");
    QTest::newRow("tap with mock")
        << QByteArray("streams:\n  s: {mock: {}, tap: {}}\nsteps:\n  - expect: [{event: x}]\n")
        << false << QStringLiteral("t.yaml:2:6: ") << QStringLiteral("tap goes with url");
    QTest::newRow("bad tap fault")
        << QByteArray("streams:\n  s: {url: 'http://h/', tap: {faults: [nope]}}\nsteps:\n"
                      "  - expect: [{event: x}]\n")
        << false << QStringLiteral("t.yaml:2:40: ") << QStringLiteral("unknown fault");
    QTest::newRow("bad transport")
        << QByteArray("streams:\n  s: {url: 'http://h/', transport: h3}\nsteps:\n  - expect: "
                      "[{event: x}]\n")
        << false << QStringLiteral("t.yaml:2:36: ") << QStringLiteral("is not auto, qnam or wire");
    QTest::newRow("bad boolean") << QByteArray(
        "streams:\n  s: {url: 'http://h/', insecure: yes}\nsteps:\n  - expect: "
        "[{event: x}]\n") << false
                                 << QStringLiteral("t.yaml:2:35: ")
                                 << QStringLiteral("is not true or false");
    QTest::newRow("bad header name")
        << QByteArray("streams:\n  s: {url: 'http://h/', headers: {'a b': c}}\nsteps:\n  - "
                      "expect: [{event: x}]\n")
        << false << QStringLiteral("t.yaml:2:35: ")
        << QStringLiteral("\"a b\" is not a header field name");
    QTest::newRow("unknown mock key")
        << QByteArray("streams:\n  s:\n    mock: {event-interval: 5}\nsteps:\n  - expect: "
                      "[{event: x}]\n")
        << false << QStringLiteral("t.yaml:3:12: ")
        << QStringLiteral("unknown key \"event-interval\" in stream \"s\" mock");
    QTest::newRow("bad mock fault")
        << QByteArray("streams:\n  s:\n    mock: {faults: [explode]}\nsteps:\n  - expect: "
                      "[{event: x}]\n")
        << false << QStringLiteral("t.yaml:3:21: ") << QStringLiteral("unknown fault");
    QTest::newRow("bad preset") << QByteArray(
        "streams:\n  s:\n    mock: {preset: openai}\nsteps:\n  - expect: "
        "[{event: x}]\n") << false
                                << QStringLiteral("t.yaml:3:20: ")
                                << QStringLiteral("is not a preset");
    QTest::newRow("fault on a url stream")
        << Base + "  - fault: rst\n" + expectTick << false << QStringLiteral("t.yaml:5:12: ")
        << QStringLiteral("acts on the embedded mock server");
    QTest::newRow("bad fault") << QByteArray(
        "streams:\n  s: {mock: {}}\nsteps:\n  - fault: 'stall for=forever'\n")
                               << false << QStringLiteral("t.yaml:4:12: ")
                               << QStringLiteral("stall");
    QTest::newRow("two triggers") << QByteArray(
        "streams:\n  s: {mock: {}}\nsteps:\n  - fault: rst\n    pause: 1s\n")
                                  << false << QStringLiteral("t.yaml:5:12: ")
                                  << QStringLiteral("has two triggers");
    QTest::newRow("nothing to do") << Base + "  - within: 2s\n"
                                   << false << QStringLiteral("t.yaml:5:5: ")
                                   << QStringLiteral("has neither a trigger nor \"expect\"");
    QTest::newRow("two kinds in one item")
        << Base + "  - expect:\n      - event: a\n        none: b\n"
        << false << QStringLiteral("t.yaml:7:15: ") << QStringLiteral("has both event and none");
    QTest::newRow("unknown expectation")
        << Base + "  - expect:\n      - evnt: a\n"
        << false << QStringLiteral("t.yaml:6:9: ")
        << QStringLiteral("unknown key \"evnt\" in step 1 expectation 1");
    QTest::newRow("capture without event")
        << Base + "  - expect:\n      - none: a\n        capture: {n: /n}\n"
        << false << QStringLiteral("t.yaml:7:18: ")
        << QStringLiteral("capture goes with an event expectation");
    QTest::newRow("count without at-least")
        << Base + "  - expect:\n      - count: {type: a}\n"
        << false << QStringLiteral("t.yaml:6:16: ") << QStringLiteral("needs at-least");
    QTest::newRow("count zero") << Base + "  - expect:\n      - count: 0\n"
                                << false << QStringLiteral("t.yaml:6:16: ")
                                << QStringLiteral("is not a whole number from 1");
    QTest::newRow("order of one") << Base + "  - expect:\n      - order: [a]\n"
                                  << false << QStringLiteral("t.yaml:6:16: ")
                                  << QStringLiteral("at least two events");
    QTest::newRow("resume false") << Base + "  - expect:\n      - resume: false\n"
                                  << false << QStringLiteral("t.yaml:6:17: ")
                                  << QStringLiteral("only \"resume: true\"");
    QTest::newRow("heartbeat zero")
        << Base + "  - expect:\n      - heartbeat: 0ms\n"
        << false << QStringLiteral("t.yaml:6:20: ") << QStringLiteral("longer than 0 ms");
    QTest::newRow("lens fact without a lens")
        << QByteArray("streams:\n  s: {mock: {}, lens: none}\nsteps:\n  - expect:\n"
                      "      - lens: {terminal: true}\n")
        << false << QStringLiteral("t.yaml:5:9: ") << QStringLiteral("reads with lens none");
    QTest::newRow("two lens facts")
        << Base + "  - expect:\n      - lens: {terminal: true, first-token: 1s}\n"
        << false << QStringLiteral("t.yaml:6:15: ") << QStringLiteral("names one fact");
    QTest::newRow("unknown lens fact")
        << Base + "  - expect:\n      - lens: {ttft: 1s}\n"
        << false << QStringLiteral("t.yaml:6:16: ") << QStringLiteral("unknown key \"ttft\"");
    QTest::newRow("http without url")
        << Base + "  - http: {method: POST}\n"
        << false << QStringLiteral("t.yaml:5:11: ") << QStringLiteral("http needs a url");
    QTest::newRow("http bad status")
        << Base + "  - http: {url: 'http://h/', status: 42}\n"
        << false << QStringLiteral("t.yaml:5:38: ") << QStringLiteral("from 100 to 599");
    QTest::newRow("json syntax") << QByteArray("{\n  \"streams\": {,}\n}\n") << true
                                 << QStringLiteral("t.json:2:") << QString();
    QTest::newRow("json unknown key")
        << QByteArray("{\n  \"streams\": {\"s\": {\"url\": \"http://h/\"}},\n  \"steps\": "
                      "[{\"expct\": []}]\n}\n")
        << true << QStringLiteral("t.json:3:14: ") << QStringLiteral("unknown key \"expct\"");
}

void TestCheckReader::refusesMalformedFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, json);
    QFETCH(QString, prefix);
    QFETCH(QString, reason);
    CheckFile file;
    QString error;
    const QString source = json ? QStringLiteral("t.json") : QStringLiteral("t.yaml");
    QVERIFY(!CheckReader::read(text, source, json, {}, &file, &error));
    QVERIFY2(error.startsWith(prefix), qPrintable(error));
    // Every error names a line and column (file:line:column: reason).
    static const QRegularExpression located(QStringLiteral(R"(^t\.(yaml|json):\d+:\d+: \S)"));
    QVERIFY2(located.match(error).hasMatch(), qPrintable(error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void TestCheckReader::exampleFilesRead()
{
    const QString dir = QStringLiteral(SSEMON_SOURCE_DIR "/resources/check/examples/");
    for (const QString &name :
         {QStringLiteral("mock-resume.yaml"), QStringLiteral("openai-chat.json")}) {
        CheckFile file;
        QString error;
        QVERIFY2(CheckReader::readFile(dir + name, {}, &file, &error), qPrintable(error));
        QVERIFY(!file.steps.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestCheckReader)
#include "tst_checkreader.moc"
