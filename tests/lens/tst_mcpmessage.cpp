// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The JSON-RPC 2.0 decoder of the MCP lens: every kind of message, the ids JSON-RPC and MCP
// allow and refuse, batches and their bound, the summaries' bound.
#include "lens/mcpmessage.h"

#include <QTest>

class TestMcpMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decode_data();
    void decode();
    void batch();
    void batchBound();
    void notJson();
    void summaries();
};

void TestMcpMessage::decode_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("method");

    QTest::newRow("request") << QByteArray(
        R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}})")
                             << QByteArray("request") << QByteArray("1")
                             << QByteArray("tools/list");
    QTest::newRow("request, string id")
        << QByteArray(R"({"jsonrpc":"2.0","id":"a-7","method":"ping"})") << QByteArray("request")
        << QByteArray("\"a-7\"") << QByteArray("ping");
    QTest::newRow("notification") << QByteArray(
        R"({"jsonrpc":"2.0","method":"notifications/initialized"})")
                                  << QByteArray("notification") << QByteArray()
                                  << QByteArray("notifications/initialized");
    QTest::newRow("response") << QByteArray(R"({"jsonrpc":"2.0","id":7,"result":{}})")
                              << QByteArray("response") << QByteArray("7") << QByteArray();
    QTest::newRow("error") << QByteArray(
        R"({"jsonrpc":"2.0","id":"7","error":{"code":-32601,"message":"nope"}})")
                           << QByteArray("error") << QByteArray("\"7\"") << QByteArray();
    QTest::newRow("error, null id")
        << QByteArray(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse"}})")
        << QByteArray("error") << QByteArray() << QByteArray();
    QTest::newRow("no jsonrpc") << QByteArray(R"({"id":1,"method":"ping"})")
                                << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("jsonrpc 1.0") << QByteArray(R"({"jsonrpc":"1.0","id":1,"method":"ping"})")
                                 << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("null request id") << QByteArray(R"({"jsonrpc":"2.0","id":null,"method":"x"})")
                                     << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("fractional id") << QByteArray(R"({"jsonrpc":"2.0","id":1.5,"result":{}})")
                                   << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("object id") << QByteArray(R"({"jsonrpc":"2.0","id":{},"result":{}})")
                               << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("result and error")
        << QByteArray(R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":""}})")
        << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("error without code")
        << QByteArray(R"({"jsonrpc":"2.0","id":1,"error":{"message":"x"}})")
        << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("method not a string") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":3})")
                                         << QByteArray("invalid") << QByteArray() << QByteArray();
    QTest::newRow("nothing") << QByteArray(R"({"jsonrpc":"2.0","id":1})") << QByteArray("invalid")
                             << QByteArray() << QByteArray();
}

void TestMcpMessage::decode()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, kind);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, method);
    const McpMessage::Decoded d = McpMessage::decode(json);
    QVERIFY(d.error.isEmpty());
    QVERIFY(!d.batch);
    QCOMPARE(d.messages.size(), 1);
    const McpMessage &m = d.messages.first();
    QCOMPARE(McpMessage::kindName(m.kind), kind);
    QCOMPARE(m.id, id);
    QCOMPARE(m.method, method);
    QCOMPARE(m.invalid.isEmpty(), kind != "invalid");
    if (kind == "error")
        QVERIFY(m.errorCode < 0 && !m.errorMessage.isEmpty());
}

void TestMcpMessage::batch()
{
    const McpMessage::Decoded d = McpMessage::decode(
        R"([{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","method":"m"},7])");
    QVERIFY(d.batch);
    QCOMPARE(d.messages.size(), 3);
    QCOMPARE(d.messages.at(0).kind, McpMessage::Kind::Response);
    QCOMPARE(d.messages.at(1).kind, McpMessage::Kind::Notification);
    QCOMPARE(d.messages.at(2).kind, McpMessage::Kind::Invalid);
    const McpMessage::Decoded empty = McpMessage::decode("[]");
    QCOMPARE(empty.messages.size(), 1);
    QCOMPARE(empty.messages.first().invalid, QStringLiteral("an empty batch"));
}

void TestMcpMessage::batchBound()
{
    QByteArray json = "[";
    for (int i = 0; i < McpMessage::kMaxBatch + 10; ++i)
        json += (i ? "," : "") + QByteArray(R"({"jsonrpc":"2.0","method":"n"})");
    json += ']';
    const McpMessage::Decoded d = McpMessage::decode(json);
    QCOMPARE(d.messages.size(), McpMessage::kMaxBatch);
    QCOMPARE(d.dropped, 10);
}

void TestMcpMessage::notJson()
{
    QVERIFY(McpMessage::decode("data").error.startsWith(QStringLiteral("not JSON")));
    QVERIFY(McpMessage::decode("{\"jsonrpc\":").error.startsWith(QStringLiteral("not JSON")));
    QVERIFY(McpMessage::decode("").messages.isEmpty());
}

void TestMcpMessage::summaries()
{
    const McpMessage m =
        McpMessage::decode(
            R"({"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text"},)"
            R"({"type":"image"}],"isError":false,"structuredContent":{"a":1},)"
            R"("note":"a very long string that goes on and on past forty characters"}})")
            .messages.first();
    QCOMPARE(McpMessage::summarise(m.result),
             QByteArray(R"({"content":[2],"isError":false,"note":"a very long string that goes on )"
                        R"(and on p...","structuredContent":{..}})"));
    QCOMPARE(McpMessage::summarise(QJsonValue(QJsonValue::Undefined)), QByteArray());
    QCOMPARE(McpMessage::summarise(QJsonValue()), QByteArray("null"));
    QJsonObject big;
    for (int i = 0; i < 100; ++i)
        big.insert(QStringLiteral("member%1").arg(i), QString(1000, QLatin1Char('x')));
    const QByteArray summary = McpMessage::summarise(big);
    QVERIFY(summary.size() <= McpMessage::kMaxSummary);
    QVERIFY(summary.endsWith("..."));
}

QTEST_GUILESS_MAIN(TestMcpMessage)
#include "tst_mcpmessage.moc"
