// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sse/sseevent.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

class LensState;
struct LensContext;

// One event as a lens reads it: the event, and its data read as a JSON object once for every
// lens (all the protocols here put JSON in `data`).
struct LensEvent
{
    const SseEvent *event = nullptr;
    QJsonObject json;
    bool isJson = false; // the data is a JSON object
    qint64 number = 0; // the event's number in the stream, from 1
    qint64 atNs = -1; // when it arrived, since the request started (-1: not known)

    // The JSON's "type" member where it has one, else the event's type.
    QByteArray type() const;
    // The data for a message: at most 60 characters of it.
    QString preview() const;
    static LensEvent read(const SseEvent &event, qint64 number);
};

// A protocol lens: it reads one provider's stream format and writes what it learns into a
// LensState (text, tool calls, finish, usage, problems). A lens only looks: it never hides or
// changes an event. It is pure: the same events give the same facts, however the stream was
// cut into reads. LensRegistry lists the lenses; LensStream picks one and drives it.
class Lens
{
public:
    virtual ~Lens();
    // The name in records and on the command line ("openai", "anthropic", ...).
    virtual QByteArray name() const = 0;
    // What a complete stream ends with, for the message when it is missing ("data: [DONE]").
    virtual QByteArray terminalName() const = 0;
    // False: a stream closed without its terminal event is not `truncated` for that alone (the
    // lens names what is missing itself, in finish()).
    virtual bool expectsTerminal() const { return true; }
    // The lens starts reading a stream of that request and response (before its first event,
    // or with the event that recognised it).
    virtual void begin(const LensContext &context, LensState &state);
    virtual void event(const LensEvent &event, LensState &state) = 0;
    // The stream is over (its terminal event may have arrived or not): close what is open.
    virtual void finish(LensState &state);

protected:
    // True when the event's data is a JSON object; otherwise names the not_json problem.
    static bool requireJson(const LensEvent &event, LensState &state);
};
