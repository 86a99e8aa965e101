// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The dock's "Server & clients" page on its own over a real mock server: its fields become the
// server's options (loopback when the host is empty or bad, a path given its slash),
// heartbeat, event and payload changes reach a running server at once, and where it listens
// is locked while it listens.
#include "mockclientsmodel.h"
#include "mockserversettingspage.h"
#include "server/mockserver.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

class TestMockServerSettingsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fieldsBecomeOptions();
    void liveChangesReachTheServer();
    void listeningLocksWhere();
    void presetChosenAndPaced();
};

namespace {

template<typename T>
T *child(QWidget &page, const char *name)
{
    T *widget = page.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no %s", name);
    return widget;
}

} // namespace

void TestMockServerSettingsPage::fieldsBecomeOptions()
{
    MockServer server;
    MockServerSettingsPage page(&server);
    QCOMPARE(page.options().host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(page.options().path, QByteArray("/events"));
    auto *host = child<QLineEdit>(page, "serverHost");
    auto *path = child<QLineEdit>(page, "serverPath");
    child<QSpinBox>(page, "serverPort")->setValue(18080);
    QCOMPARE(page.options().port, 18080);
    host->setText(QStringLiteral("not an address"));
    path->setText(QStringLiteral(" stream "));
    QCOMPARE(page.options().host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(page.options().path, QByteArray("/stream"));
    host->setText(QStringLiteral("::1"));
    QCOMPARE(page.options().host, QHostAddress(QHostAddress::LocalHostIPv6));
    QVERIFY(page.clientsModel());
    QCOMPARE(page.findChild<QTableView *>(QStringLiteral("serverClients"))->model(),
             page.clientsModel());
}

void TestMockServerSettingsPage::liveChangesReachTheServer()
{
    MockServer server;
    MockServerSettingsPage page(&server);
    child<QSpinBox>(page, "serverHeartbeatMs")->setValue(750);
    QCOMPARE(server.options().heartbeatMs, 750);
    child<QComboBox>(page, "serverHeartbeatForm")->setCurrentIndex(2);
    QCOMPARE(server.options().heartbeatForm, MockServerOptions::HeartbeatForm::Data);
    child<QSpinBox>(page, "serverEventMs")->setValue(0);
    QCOMPARE(server.options().eventMs, 0);
    auto *payload = child<QLineEdit>(page, "serverPayload");
    payload->setText(QStringLiteral("n={{n}}"));
    Q_EMIT payload->editingFinished();
    QCOMPARE(server.options().payloadTemplate, QByteArray("n={{n}}"));
    QCOMPARE(page.options().payloadTemplate, QByteArray("n={{n}}"));
}

void TestMockServerSettingsPage::listeningLocksWhere()
{
    MockServer server;
    MockServerSettingsPage page(&server);
    page.setListening(true);
    QVERIFY(!child<QLineEdit>(page, "serverHost")->isEnabled());
    QVERIFY(!child<QLineEdit>(page, "serverPath")->isEnabled());
    QVERIFY(!child<QSpinBox>(page, "serverPort")->isEnabled());
    // What is sent stays editable.
    QVERIFY(child<QSpinBox>(page, "serverHeartbeatMs")->isEnabled());
    page.setListening(false);
    QVERIFY(child<QLineEdit>(page, "serverHost")->isEnabled());
}

// A preset is chosen from the providers, its answer and pace reach the server live, and the
// page shows the rows that apply: the preset's answer instead of events, payload, heartbeats.
void TestMockServerSettingsPage::presetChosenAndPaced()
{
    MockServer server;
    MockServerSettingsPage page(&server);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *preset = child<QComboBox>(page, "serverPreset");
    auto *text = child<QLineEdit>(page, "serverPresetText");
    auto *payload = child<QLineEdit>(page, "serverPayload");
    QCOMPARE(page.options().preset, QByteArray());
    QVERIFY(payload->isVisible());
    QVERIFY(!text->isVisible());
    QCOMPARE(preset->count(), 6); // the event stream, four providers and mcp
    // MCP: the path and the notification interval, no answer text or pacing.
    preset->setCurrentIndex(preset->findData(QByteArray("mcp")));
    QCOMPARE(page.options().preset, QByteArray("mcp"));
    QVERIFY(child<QLineEdit>(page, "serverPath")->isVisible());
    QVERIFY(child<QSpinBox>(page, "serverEventMs")->isVisible());
    QVERIFY(!text->isVisible());
    QVERIFY(!payload->isVisible());
    preset->setCurrentIndex(preset->findData(QByteArray("anthropic")));
    QCOMPARE(page.options().preset, QByteArray("anthropic"));
    QVERIFY(text->isVisible());
    QVERIFY(!payload->isVisible());
    QVERIFY(!child<QSpinBox>(page, "serverEventMs")->isVisible());
    QVERIFY(!child<QLineEdit>(page, "serverPath")->isVisible());

    text->setText(QStringLiteral("Hi {{prompt}}"));
    Q_EMIT text->editingFinished();
    child<QDoubleSpinBox>(page, "serverTokenRate")->setValue(7.5);
    child<QSpinBox>(page, "serverTokenJitter")->setValue(40);
    QCOMPARE(server.options().presetText, QByteArray("Hi {{prompt}}"));
    QCOMPARE(server.options().tokenRate, 7.5);
    QCOMPARE(server.options().tokenJitterMs, 40);
    // The preset itself is taken at the next start, like where the server listens.
    server.setOptions(page.options());
    QVERIFY(server.start());
    QCOMPARE(server.url().path(), QStringLiteral("/v1/messages"));
    page.setListening(true);
    QVERIFY(!preset->isEnabled());
    QVERIFY(text->isEnabled());
}

QTEST_MAIN(TestMockServerSettingsPage)
#include "tst_mockserversettingspage.moc"
