// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Incremental reader of one HTTP/1.1 response head (status line and header fields, RFC 9112),
// with no socket and no event loop. It keeps each header line as sent, so that a proxy can pass
// the head on verbatim. The head is bounded: past the bound it is an error at once, without
// waiting for a line end. Malformed heads (no `HTTP/1.x NNN` status line, a field line without
// a colon, obsolete line folding, conflicting Content-Length) are errors with a message.
class HttpResponseReader
{
public:
    enum class Status { Incomplete, Complete, Error };

    struct Field
    {
        QByteArrayView name() const { return QByteArrayView(line).first(colon); }
        QByteArrayView value() const; // without surrounding whitespace
        QByteArray line; // as sent, without its line end
        qsizetype colon = 0;
    };

    explicit HttpResponseReader(qsizetype maxHeadBytes = 64 * 1024);

    // Consumes bytes of the head and returns how many it took; the body that follows is left
    // unconsumed. After Complete or Error it takes nothing.
    qsizetype feed(QByteArrayView bytes);
    void reset();

    Status status() const { return m_status; }
    bool isComplete() const { return m_status == Status::Complete; }
    bool hasError() const { return m_status == Status::Error; }
    QByteArray errorMessage() const { return m_errorMessage; }
    qsizetype headBytes() const { return m_headBytes; }

    QByteArray statusLine() const { return m_statusLine; } // as sent
    int statusCode() const { return m_statusCode; }
    QByteArray reasonPhrase() const;
    const QList<Field> &fields() const { return m_fields; }
    bool hasHeader(QByteArrayView name) const; // case-insensitive
    QByteArray header(QByteArrayView name) const; // first such field, trimmed; empty if absent

    // Framing, checked when the head completes.
    qint64 contentLength() const { return m_contentLength; } // -1: absent
    // Chunked is the final transfer coding (of all the fields: RFC 9112 6.3).
    bool isChunked() const
    {
        return m_transferCodings == "chunked" || m_transferCodings.endsWith(", chunked");
    }
    bool hasTransferEncoding() const { return m_hasTransferEncoding; }
    // Every transfer coding of every Transfer-Encoding field in order, lower case, joined by
    // ", " ("gzip, chunked"); empty without the field.
    QByteArray transferCodings() const { return m_transferCodings; }

private:
    void processLine(QByteArrayView line);
    void completeHead();
    void fail(const QByteArray &message);

    qsizetype m_maxHeadBytes;
    qsizetype m_headBytes = 0;
    Status m_status = Status::Incomplete;
    QByteArray m_errorMessage;
    QByteArray m_line;
    QByteArray m_statusLine;
    int m_statusCode = 0;
    QList<Field> m_fields;
    qint64 m_contentLength = -1;
    bool m_hasTransferEncoding = false;
    QByteArray m_transferCodings;
};
