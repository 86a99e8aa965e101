// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Caps that turn hostile input into an error instead of unbounded memory (SPEC.md rule 10).
struct SseParserLimits
{
    qsizetype maxLineBytes = qsizetype(64) * 1024 * 1024;
    qsizetype maxEventBytes = qsizetype(64) * 1024 * 1024;
};

// Incremental, byte-exact parser for text/event-stream (WHATWG HTML, "Server-sent events",
// "Parsing an event stream"). It owns no socket and no event loop: feed it whatever slices the
// transport produced, in order, and it calls its Handler. Fed a stream in any slicing it makes
// exactly the calls it makes when fed the stream whole, and it never rescans bytes it has seen,
// so its cost is linear in the input whatever the line lengths.
class SseParser
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        virtual void event(const SseEvent &event) = 0;
        // The comment's text after the colon, one leading space removed, valid UTF-8. The view
        // is only valid during the call.
        virtual void comment(QByteArrayView text) = 0;
        // A `retry` field made only of ASCII digits (saturates at the qint64 range).
        virtual void retry(qint64 milliseconds) = 0;
    };

    using Limits = SseParserLimits;

    enum class Error { None, LineTooLong, EventTooLarge };

    explicit SseParser(Handler *handler, Limits limits = Limits());

    // Consumes the next bytes of the stream. Returns false once a cap has been exceeded; the
    // parser then ignores input until restart().
    bool feed(QByteArrayView bytes);
    // The stream ended: a partial line and an undispatched event are discarded, `id` included.
    void finish();
    // A new stream begins (a reconnect): buffers and BOM state are cleared, the error is
    // cleared, the committed last event ID is kept.
    void restart();

    // The committed last event ID (what a reconnect sends as Last-Event-ID).
    QByteArray lastEventId() const { return m_lastEventId; }
    // Sets the committed ID, e.g. from the user's initial Last-Event-ID. Takes effect for the
    // next stream (call before feeding, or before restart()).
    void setLastEventId(const QByteArray &id);

    Limits limits() const { return m_limits; }
    void setLimits(Limits limits) { m_limits = limits; }

    Error error() const { return m_error; }
    QString errorString() const;
    // Bytes of the current partial line (for tests and diagnostics).
    qsizetype pendingLineBytes() const { return m_line.size(); }

private:
    void process(const char *p, const char *end);
    void processLine(const char *line, qsizetype size);
    void processField(const char *name, qsizetype nameSize, const char *value,
                      qsizetype valueSize);
    void dispatch();
    void fail(Error error);

    Handler *m_handler;
    Limits m_limits;
    Error m_error = Error::None;

    QByteArray m_line; // the partial line carried over from the previous slice
    QByteArray m_data; // data buffer, without the trailing LF the standard appends
    QByteArray m_type; // event type buffer
    QByteArray m_idBuffer; // last event ID buffer
    QByteArray m_lastEventId; // committed at dispatch
    QByteArray m_previousType; // reused when the next block names the same type (no allocation)
    char m_bom[3] = {};
    int m_bomBytes = 0;
    bool m_bomDone = false;
    bool m_hasData = false;
    bool m_idInBlock = false;
    bool m_skipLeadingLf = false; // the previous slice ended in CR
};
