// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// What the ControlExchange tests share: a fake target that records what it is asked, a request
// as a client sends it, an answer taken apart, and the ways of slicing bytes.
#pragma once

#include "control/controlexchange.h"
#include "control/controltarget.h"
#include "faults/fault.h"
#include "faults/scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace ExchangeFixture {

// A target with no fault engine: every virtual overridden, what it answers set by the test, and
// every call recorded with its argument, so that a test sees what the exchange asked of it.
class FakeTarget : public ControlTarget
{
public:
    QString kind() const override
    {
        record(QStringLiteral("kind"));
        return kindName;
    }
    QJsonArray clients() const override
    {
        record(QStringLiteral("clients"));
        return clientList;
    }
    QJsonObject stats() const override
    {
        record(QStringLiteral("stats"));
        return statsObject;
    }
    QJsonArray faults() const override
    {
        record(QStringLiteral("faults"));
        return faultList;
    }
    int addFault(const Fault &fault, QString *error) override
    {
        record(QStringLiteral("addFault ") + fault.spec);
        added.append(fault);
        if (fault.name() == refusedKind) {
            *error = refusal;
            return 0;
        }
        ids.insert(nextId);
        return nextId++;
    }
    bool removeFault(int id) override
    {
        record(QStringLiteral("removeFault ") + QString::number(id));
        return ids.remove(id);
    }
    void clearFaults() override
    {
        record(QStringLiteral("clearFaults"));
        ids.clear();
    }
    bool runScenario(const Scenario &scenario, QString *error) override
    {
        record(QStringLiteral("runScenario ") + scenario.name);
        ran.append(scenario);
        if (scenario.name == refusedScenario) {
            *error = refusal;
            return false;
        }
        running = true;
        current = scenario.name;
        return true;
    }
    bool stopScenario() override
    {
        record(QStringLiteral("stopScenario"));
        return std::exchange(running, false);
    }
    QJsonObject scenario() const override
    {
        record(QStringLiteral("scenario"));
        QJsonObject object {{QStringLiteral("running"), running}};
        if (!current.isEmpty())
            object.insert(QStringLiteral("name"), current);
        return object;
    }
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *error) override
    {
        record(QStringLiteral("changeSettings ")
               + QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact)));
        if (settingsStatus == 200)
            *result = settingsResult;
        else
            *error = settingsError;
        return settingsStatus;
    }

    // What it answers.
    QString kindName = QStringLiteral("proxy");
    QJsonArray clientList {
        QJsonObject {{QStringLiteral("client"), 1}, {QStringLiteral("events"), 4}}};
    QJsonObject statsObject {{QStringLiteral("clients"), 1}, {QStringLiteral("events_sent"), 4}};
    QJsonArray faultList {
        QJsonObject {{QStringLiteral("id"), 3}, {QStringLiteral("fault"), QStringLiteral("rst")}}};
    int nextId = 7;
    QSet<int> ids;
    QString refusedKind = QStringLiteral("gzip");
    QString refusedScenario = QStringLiteral("refuse-me");
    QString refusal = QStringLiteral("not on this host, sorry");
    bool running = false;
    QString current;
    int settingsStatus = 200;
    QJsonObject settingsResult;
    QString settingsError;

    // What it was asked.
    mutable QStringList calls;
    QList<Fault> added;
    QList<Scenario> ran;

private:
    void record(const QString &call) const { calls.append(call); }
};

// One request as a client sends it; a body (even empty) for POST and PUT gets a Content-Length.
inline QByteArray request(const QByteArray &method, const QByteArray &target,
                          const QByteArray &body = {}, const QByteArray &headers = {})
{
    QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers;
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        bytes += "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

struct Answer
{
    bool answered = false;
    int status = 0; // ControlExchange::status()
    qsizetype used = 0; // bytes taken, over all feeds
    bool leftBytesEarly = false; // a feed took less than it was given before the answer
    QByteArray response;
    QString detail;
    QByteArray statusLine;
    QList<QByteArray> headerLines; // after the status line
    QByteArray body;
    QJsonObject json;
    bool jsonIsObject = false;

    // The values of every header line with this name, in order.
    QList<QByteArray> headers(const QByteArray &name) const
    {
        QList<QByteArray> values;
        const QByteArray prefix = name + ": ";
        for (const QByteArray &line : headerLines) {
            if (line.startsWith(prefix))
                values.append(line.mid(prefix.size()));
        }
        return values;
    }
    QString error() const { return json.value(QStringLiteral("error")).toString(); }
};

inline Answer read(const ControlExchange &exchange, Answer answer)
{
    answer.answered = exchange.isAnswered();
    answer.status = exchange.status();
    answer.response = exchange.response();
    answer.detail = exchange.detail();
    const qsizetype end = answer.response.indexOf("\r\n\r\n");
    if (end < 0)
        return answer;
    QList<QByteArray> lines = answer.response.first(end).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    answer.statusLine = lines.takeFirst();
    answer.headerLines = lines;
    answer.body = answer.response.mid(end + 4);
    const QJsonDocument document = QJsonDocument::fromJson(answer.body);
    answer.jsonIsObject = document.isObject();
    answer.json = document.object();
    return answer;
}

// Feeds the pieces in order until the exchange answers.
inline Answer feedPieces(ControlTarget *target, const ControlServerOptions &options,
                         const QList<QByteArray> &pieces)
{
    ControlExchange exchange(target, options);
    Answer answer;
    for (const QByteArray &piece : pieces) {
        if (exchange.isAnswered())
            break;
        const qsizetype used = exchange.feed(piece);
        answer.used += used;
        if (used < piece.size() && !exchange.isAnswered())
            answer.leftBytesEarly = true;
    }
    return read(exchange, answer);
}

inline Answer exchange(ControlTarget *target, const QByteArray &bytes,
                       const ControlServerOptions &options = {})
{
    return feedPieces(target, options, {bytes});
}

inline QList<QByteArray> halves(const QByteArray &bytes)
{
    return {bytes.first(bytes.size() / 2), bytes.sliced(bytes.size() / 2)};
}

inline QList<QByteArray> singleBytes(const QByteArray &bytes)
{
    QList<QByteArray> pieces;
    for (char c : bytes)
        pieces.append(QByteArray(1, c));
    return pieces;
}

// Cut in the middle of the blank line that ends the head, and again where the body starts.
inline QList<QByteArray> atHeadEnd(const QByteArray &bytes)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return halves(bytes);
    return {bytes.first(end + 2), bytes.sliced(end + 2, 2), bytes.sliced(end + 4)};
}

inline QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

inline const QByteArray InlineScenario =
    R"({"scenario":{"name":"inline","description":"d","steps":[{"at":"1m","fault":"rst"}]}})";

} // namespace ExchangeFixture
