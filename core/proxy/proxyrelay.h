// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "faults/streamfaults.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QObject>

#include <optional>

class HttpResponseReader;
class QTcpSocket;
struct TapProxyStats;

// The client side of one tap proxy connection: owns the client's socket and the stream's
// StreamFaults (shaping, stalls, blackhole, paused heartbeats, gzip, event faults), writes to the
// client (counted; through the shaper while it paces; nothing while blackholed), tells how much
// is queued for the client (backpressure: full at the cap, room again at half of it), and ends
// the client's connection: finish() after what is queued (FIN, the socket lingers on its own),
// reset() at once, resetAfterWritten() to turn the next reset into an RST after the bytes
// written so far. It also renders what the client is sent in the proxy's own name: the
// upstream's response head rewritten, and the proxy's answers.
class ProxyRelay : public QObject
{
    Q_OBJECT
public:
    ProxyRelay(QTcpSocket *client, qint64 maxQueuedBytes, TapProxyStats &stats);
    ~ProxyRelay() override; // a client still held is aborted

    QTcpSocket *socket() const { return m_client; } // null once finished or reset
    StreamFaults &faults() { return m_faults; }
    const StreamFaults &faults() const { return m_faults; }

    void write(QByteArrayView bytes);
    // Bytes of this hop only (a `100 Continue`): not counted, not shaped.
    void writeInterim(QByteArrayView bytes);
    qint64 bytesWritten() const { return m_bytesWritten; }
    // Queued for the client: in the socket and held by the shaper.
    qint64 queued() const;
    // In the client's socket only.
    qint64 socketBuffered() const;
    bool isFull() const { return queued() >= m_maxQueuedBytes; }
    bool hasRoom() const { return m_client && queued() <= m_maxQueuedBytes / 2; }

    void finish();
    void reset();
    // What the shaper holds and the socket has queued goes to the kernel now, and the next
    // reset() sends RST (zero linger time).
    void resetAfterWritten();

    // The upstream's head as the client gets it: hop-by-hop fields and the ones its
    // Connection field names dropped, Content-Type replaced (`contentType`, empty: none),
    // Content-Length and Content-Encoding replaced by `Content-Encoding: gzip` when
    // `gzip`, and `Connection: close`.
    static QByteArray responseHead(const HttpResponseReader &response,
                                   const std::optional<QByteArray> &contentType, bool gzip);
    // A complete response of the proxy's own: status line, `headers` (CRLF-terminated lines),
    // then a text/plain `body` (none for 204) and `Connection: close`.
    static QByteArray answer(int status, const QByteArray &headers, const QByteArray &body);

Q_SIGNALS:
    void readyRead(); // the client sent bytes
    void written(); // the client took bytes (or the shaper let some go)
    void gone(); // the client closed or broke its connection

private:
    QTcpSocket *m_client;
    qint64 m_maxQueuedBytes;
    TapProxyStats &m_stats;
    qint64 m_bytesWritten = 0;
    StreamFaults m_faults;
};
