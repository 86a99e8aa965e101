// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "bytebuffer.h"
#include "sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class SseParser;

// A dispatched event as the parser holds it: views into the parser's buffers, valid only
// during Handler::eventView(). take() turns it into an owned SseEvent without copying the data
// (the parser's buffer is handed over; type and id are shared).
struct SseEventView
{
    QByteArrayView type;
    QByteArrayView data;
    QByteArrayView id;
    bool idInBlock = false;
    // The event's frame as received: byte offsets in the stream since the last restart() (a
    // stripped BOM counts), from the first byte after the previous blank line (or the BOM) to
    // one past the blank line's line end. Field lines, comments and unknown lines in between
    // are inside it. A CR that ends a slice is dispatched at once: when the LF of that CRLF
    // comes with the next slice, it is not part of this frame (nor of the next).
    qint64 frameStart = 0;
    qint64 frameEnd = 0;
    SseParser *parser = nullptr;

    SseEvent take() const;
};

// Caps that turn hostile input into an error instead of unbounded memory: a line or an event
// over its cap fails the stream with a message naming the cap.
struct SseParserLimits
{
    qsizetype maxLineBytes = qsizetype(64) * 1024 * 1024;
    qsizetype maxEventBytes = qsizetype(64) * 1024 * 1024;
};

// Incremental, byte-exact parser for text/event-stream (WHATWG HTML, "Server-sent events",
// "Parsing an event stream"). It owns no socket and no event loop: feed it whatever slices the
// transport produced, in order, and it calls its Handler. Fed a stream in any slicing it makes
// exactly the calls it makes when fed the stream whole, and it never rescans bytes it has seen,
// so its cost is linear in the input whatever the line lengths. Its buffers are reused from
// event to event, so a consumer that only looks (a validator, a counter) costs no allocation.
class SseParser
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        // Every dispatched event. The default takes an owned copy and calls event().
        virtual void eventView(const SseEventView &view) { event(view.take()); }
        virtual void event(const SseEvent &) { }
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
    QByteArray lastEventId() const;
    // Sets the committed ID, e.g. from the user's initial Last-Event-ID.
    void setLastEventId(const QByteArray &id);

    Limits limits() const { return m_limits; }
    void setLimits(Limits limits) { m_limits = limits; }

    Error error() const { return m_error; }
    QString errorString() const;
    // Bytes of the current partial line (for tests and diagnostics).
    qsizetype pendingLineBytes() const { return m_line.size(); }

    // Stream offsets (since restart(), as in SseEventView): bytes fed so far, where the block
    // being read began (nothing before it is needed for a later frame), and inside
    // Handler::comment() the comment's line with its line end.
    qint64 streamOffset() const { return m_offset; }
    qint64 frameStart() const { return m_frameStart; }
    qint64 lineStart() const { return m_lineStart; }
    qint64 lineEnd() const { return m_lineEnd; }

    // Inside Handler::eventView() only: the event being dispatched, owned.
    SseEvent takeEvent();

private:
    void process(const char *p, const char *end, qint64 offset);
    qint64 offsetOf(const char *p) const { return m_sliceOffset + (p - m_sliceBegin); }
    // Copies the bytes of a data line straight into the data buffer; returns where it stopped
    // (at the line end, or at end when the line goes on in the next slice).
    const char *streamData(const char *p, const char *end);
    // One past the line end at `eol` (CRLF counts whole when both are in this slice); notes a
    // CR at the end of the slice so that an LF starting the next one is skipped.
    const char *lineEndAfter(const char *eol, const char *end);
    void processLine(const char *line, qsizetype size, bool ascii);
    void processField(QByteArrayView field, QByteArrayView value, bool ascii);
    void dispatch();
    void fail(Error error);
    void clearEvent();

    Handler *m_handler;
    Limits m_limits;
    Error m_error = Error::None;

    // Buffers reused across events: they are never shared, so writing them never allocates
    // once they have grown to the stream's sizes.
    ByteBuffer m_line; // the partial line carried over from the previous slice
    ByteBuffer m_data; // data buffer, without the trailing LF the standard appends
    ByteBuffer m_type; // event type buffer
    ByteBuffer m_idBuffer; // last event ID buffer
    ByteBuffer m_lastEventId; // committed at dispatch
    // Owned copies handed out by takeEvent(), refreshed only when the buffers changed.
    QByteArray m_sharedType;
    QByteArray m_sharedId;
    bool m_sharedIdStale = true;

    // Byte positions for the raw frame of each event (see SseEventView).
    qint64 m_offset = 0; // bytes fed since restart()
    const char *m_sliceBegin = nullptr; // the slice process() runs over, at m_sliceOffset
    qint64 m_sliceOffset = 0;
    qint64 m_frameStart = 0;
    qint64 m_lineStart = 0;
    qint64 m_lineEnd = 0;

    qsizetype m_streamLineBytes = 0; // length so far of the data line being streamed
    unsigned m_lineHigh = 0; // non-zero when m_line holds a non-ASCII byte
    unsigned m_dataHigh = 0; // likewise for m_data, m_type and m_idBuffer
    unsigned m_typeHigh = 0;
    unsigned m_idHigh = 0;
    char m_bom[3] = {};
    int m_bomBytes = 0;
    bool m_bomDone = false;
    bool m_hasData = false;
    bool m_idInBlock = false;
    bool m_skipLeadingLf = false; // the previous slice ended in CR
    bool m_streamingData = false; // a data line is being copied into m_data
    bool m_dispatching = false;
};
