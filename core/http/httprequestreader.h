// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

// Incremental reader of one HTTP/1.1 request head (request line and header fields, RFC 9112),
// with no socket and no event loop, so that it can be fed any slicing of any bytes (and fuzzed).
// Lines end at CRLF or a bare LF; each byte is looked at once, whatever the slicing. The head,
// terminating blank line included, is bounded: past the bound the request is an error (431)
// at once, without waiting for a line end, so a peer cannot make it buffer more than that.
class HttpRequestReader
{
public:
    enum class Status { Incomplete, Complete, Error };

    explicit HttpRequestReader(qsizetype maxHeadBytes = 16 * 1024);

    // Consumes bytes of the head and returns how many it took. Once the head is complete, the
    // bytes that follow it (a body, a pipelined request) are left unconsumed; after Complete or
    // Error it takes nothing.
    qsizetype feed(QByteArrayView bytes);
    // Forgets the request (the bound is kept).
    void reset();

    Status status() const { return m_status; }
    bool isComplete() const { return m_status == Status::Complete; }
    bool hasError() const { return m_status == Status::Error; }
    // With Error: the status to answer (400 malformed, 431 head too large) and why, in words.
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorMessage() const { return m_errorMessage; }

    qsizetype maxHeadBytes() const { return m_maxHeadBytes; }
    qsizetype headBytes() const { return m_headBytes; } // consumed so far

    // Known once the request line has been read (also when a later header line is malformed).
    bool hasRequestLine() const { return m_hasRequestLine; }
    QByteArray method() const { return m_method; }
    QByteArray target() const { return m_target; } // as sent
    // The target's path: without query and fragment, and without scheme and authority when the
    // target is in absolute form (`http://host/path`).
    QByteArray path() const;
    int versionMajor() const { return m_versionMajor; }
    int versionMinor() const { return m_versionMinor; }

    // Header fields in order, names as sent, values without surrounding whitespace.
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    bool hasHeader(QByteArrayView name) const; // names compare case-insensitively
    QByteArray header(QByteArrayView name) const; // the first such field; empty when absent

    // Checked when the head completes: -1 when absent; repeated fields must agree.
    qint64 contentLength() const { return m_contentLength; }
    bool hasTransferEncoding() const { return m_hasTransferEncoding; }

private:
    bool scanMethod(QByteArrayView bytes);
    void processLine(QByteArrayView line);
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    void completeHead();
    void fail(int status, const char *message);

    qsizetype m_maxHeadBytes;
    qsizetype m_headBytes = 0;
    Status m_status = Status::Incomplete;
    int m_errorStatus = 0;
    QByteArray m_errorMessage;

    QByteArray m_line; // the partial line carried over from the previous slice
    enum class MethodScan : quint8 { BeforeMethod, InMethod, Done };
    MethodScan m_methodScan = MethodScan::BeforeMethod;
    bool m_hasRequestLine = false;
    QByteArray m_method;
    QByteArray m_target;
    int m_versionMajor = 0;
    int m_versionMinor = 0;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    qint64 m_contentLength = -1;
    bool m_hasTransferEncoding = false;
};
