// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "client/sseclientoptions.h"
#include "faults/fault.h"
#include "faults/scenario.h"
#include "server/mockserveroptions.h"
#include "sse/jsonpointer.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

// A check file as CheckReader reads it (YAML or JSON, one model): streams, and steps that each
// trigger something and then expect things of one stream within a time window. Text that may
// hold `{{name}}` references (TemplateVariables) is kept as written and resolved when the step
// or stream starts, with the values known then (`vars` and the captures of earlier steps).

// Where something was written: 1-based line and column; 0 when unknown.
struct CheckLocation
{
    int line = 0;
    int column = 0;
};

// What an event must be like. Empty fields match anything.
struct EventMatcher
{
    struct JsonField
    {
        QString pointer; // RFC 6901, checked when read
        QString expected; // a scalar as written: compared as a number when both are numbers
    };
    QString type;
    QString id;
    QList<JsonField> json; // every one must hold
    QString dataPattern; // a regular expression searched in the data; empty: none
    // The names captured from the matched event (Expectation::Kind::Event): the event must
    // hold each pointer to match.
    QList<QPair<QString, QString>> captures; // name, pointer

    bool isEmpty() const
    {
        return type.isEmpty() && id.isEmpty() && json.isEmpty() && dataPattern.isEmpty()
            && captures.isEmpty();
    }
    QString describe() const; // "type=tick /n=3 data~/x/", or "any event"
};

struct Expectation
{
    enum class Kind {
        Event, // an event matching `matcher`
        Count, // at least `count` events matching `matcher`
        Order, // events matching `order`, in that order (others may come between)
        None, // no event matching `matcher` during the window
        Open, // the stream open within `ms` of the window's start
        Heartbeat, // a heartbeat at least every `ms` during the window
        Lost, // at most `count` events lost (numeric ids skipped) since the stream started
        Duplicates, // at most `count` duplicated events since the stream started
        Resume, // a reconnect that sends Last-Event-ID and resumes with no gap or repeat
        Lens, // a fact of the stream's lens (core/lens): `lensFact`
    };
    // Kind::Lens: which fact. FirstToken: the first content token within `ms` of the request's
    // start; Terminal: the protocol's terminal event arrived; FinishReason: the finish reason
    // is `text`; ToolCall: the MCP tools/call of tool `text` the stream's POST asked was
    // answered with a result that is no error.
    enum class LensFact { FirstToken, Terminal, FinishReason, ToolCall };
    Kind kind = Kind::Event;
    EventMatcher matcher;
    QList<EventMatcher> order;
    qint64 count = 0;
    qint64 ms = 0;
    LensFact lensFact = LensFact::FirstToken;
    QString text;
    CheckLocation where;

    QString describe() const; // "event type=tick", "heartbeat every 500 ms", ...
};

struct CheckTrigger
{
    enum class Kind { None, Http, Fault, Scenario, Pause, Control };
    Kind kind = Kind::None;
    // Http: an HTTP request to the system under test (or a control API), answered before the
    // step goes on. Templates resolved at the step's start.
    QString url;
    QByteArray method = QByteArrayLiteral("GET");
    QList<QPair<QString, QString>> headers;
    QString body;
    int status = 0; // the status the answer must have; 0: any 2xx
    // Fault, Scenario: on the stream's embedded mock server or tap proxy
    Fault fault;
    QString faultText;
    Scenario scenario;
    // Pause: the window opens this much later
    qint64 pauseMs = 0;
    // Control: a request to a control API (`serve`/`proxy --control`), made from one action:
    // `url` is the API's root, `controlPath` the endpoint under it ("faults", "scenario",
    // "settings"), `method`, `body`, `headers` (a token) and `status` as for Http.
    QString controlAction; // "fault", "scenario", "clear", "settings"
    QString controlText; // the action's value as written (a spec, a path, faults, settings)
    QString controlPath;

    QString describe() const;
};

struct CheckStream
{
    QString name;
    CheckLocation where;
    // A URL (`url`, templates allowed), or the embedded mock server (`mock`), started
    // in-process on a free loopback port, with its faults applied from the start.
    bool mock = false;
    MockServerOptions mockOptions;
    QList<Fault> mockFaults;
    QString mockPath; // appended to the server's URL (a preset's API path); empty: its stream
    QString url;
    // With `url`: the stream goes through a tap proxy started in-process in front of it, whose
    // faults the steps' `fault` and `scenario` triggers act on, with `tapFaults` from the start.
    bool tap = false;
    QList<Fault> tapFaults;
    // The request as written: templates are resolved when the stream starts.
    QList<QPair<QString, QString>> headers;
    QString body;
    QString lastEventId;
    // An MCP session first: an initialize (and notifications/initialized) with this request's
    // URL, headers and TLS, then the stream's own request in the session (Mcp-Session-Id,
    // MCP-Protocol-Version; Accept and Content-Type as MCP asks when not given).
    bool mcpSession = false;
    SseClientOptions options; // everything else (method, transport, timeouts, ...)
};

struct CheckStep
{
    QString name; // as written; may be empty
    int stream = 0; // index into CheckFile::streams
    CheckTrigger trigger;
    qint64 withinMs = 5000;
    QList<Expectation> expectations;
    CheckLocation where;

    QString label(int index) const; // "step 2 (resume after a drop)"
};

struct CheckFile
{
    QString path; // as given
    QString name; // `name`, or the file's base name
    QString description;
    QHash<QString, QString> vars;
    QList<CheckStream> streams;
    QList<CheckStep> steps;
};
