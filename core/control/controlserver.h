// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "controlexchange.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

class ControlTarget;
class QTcpServer;
class QTcpSocket;

// One request to the control API and its answer, for the owner's log.
struct ControlRequestInfo
{
    QHostAddress peer;
    quint16 peerPort = 0;
    QByteArray method;
    QByteArray path;
    int status = 0;
    QString detail; // what it did ("fault 3 added: drop every=50") or why it failed
};

// The runtime control API: a small HTTP/1.1 + JSON server on QTcpServer so that a
// test suite can drive `serve` or `proxy` while it runs. One request per connection (answers
// carry `Connection: close`); request heads are read with HttpRequestReader, bodies are capped.
//
//   GET    /             what this is and the endpoints
//   GET    /clients      the connected streams
//   GET    /stats        counters
//   GET    /faults       the faults in force          POST /faults {"fault":"drop every=50"}
//   DELETE /faults       clear them                   DELETE /faults/N
//   GET    /scenario     running? name, progress      POST /scenario {"preset":"flaky-wifi"}
//   DELETE /scenario     stop it                        or {"scenario":{...inline JSON...}}
//   PUT    /settings     heartbeat and event settings (serve; 404 on proxy)
//
// Errors are JSON too: {"error":"..."} with 400, 401, 404, 405 (with Allow), 408, 411, 413,
// 431 or 503.
class ControlServer : public QObject
{
    Q_OBJECT
public:
    explicit ControlServer(ControlTarget *target, QObject *parent = nullptr);
    ~ControlServer() override;

    void setOptions(const ControlServerOptions &options) { m_options = options; }
    ControlServerOptions options() const { return m_options; }
    // False with a message: a non-loopback address without a token, or the port not free.
    bool start(QString *errorMessage = nullptr);
    void stop();
    bool isListening() const;
    quint16 port() const;
    QUrl url() const; // http://host:port/

    static bool isLoopback(const QHostAddress &address);
    // The CLI's log record for a handled request: NDJSON
    // {"kind":"control","method":..,"path":..,"status":N,"peer":..,"detail":..,"t_ms":F}, or
    // one aligned text line. `tUs`: microseconds since the command started.
    static void appendRecord(QByteArray &out, bool json, const ControlRequestInfo &info,
                             qint64 tUs);

Q_SIGNALS:
    void requestHandled(const ControlRequestInfo &info);

private:
    struct Connection;
    void accept();
    void read(Connection *connection);
    void answered(Connection *connection);
    void close(Connection *connection);

    ControlTarget *m_target;
    ControlServerOptions m_options;
    QTcpServer *m_server = nullptr;
    QList<Connection *> m_connections;
};

Q_DECLARE_METATYPE(ControlRequestInfo)
