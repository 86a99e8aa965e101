// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QObject>

#include <map>
#include <memory>

class QNetworkAccessManager;
struct HttpStreamRequest;

// The QNetworkAccessManagers that the QNAM transports of one client thread share. Qt keeps
// connections per manager, so streams that take a manager from the same pool share their
// connection where the protocol allows it: an HTTP/2 connection carries the streams of every
// client on the thread to that origin, as a browser's does, instead of one connection each.
//
// Only a request that may speak HTTP/2 (https, where ALPN may pick it, or prior knowledge)
// takes a shared manager: over HTTP/1.1 Qt holds six connections per host and queues the
// seventh request for good, which would stall a stream. So a manager is handed out to at most
// kMaxUnconfirmed streams until one of them has seen HTTP/2, and a manager that answered with
// HTTP/1.1 is not handed out again. Managers are keyed by what Qt does not tell connections
// apart by: the proxy and the TLS trust (a stream that trusts less never rides a connection
// that another stream's trust let through) and prior knowledge.
//
// Lives in the client thread and is used only there. A manager goes once no stream holds it
// (and with the pool at the latest).
class QnamPool : public QObject
{
    Q_OBJECT
public:
    using Manager = std::shared_ptr<QNetworkAccessManager>;

    static constexpr long kMaxUnconfirmed = 6;

    using QObject::QObject;

    // Whether `request` may share a connection: https or HTTP/2 prior knowledge, no cookies.
    static bool shareable(const HttpStreamRequest &request);
    // A manager of its own, child of `parent`, deleted once no one holds it.
    static Manager create(QObject *parent);

    // The manager `request` shares with the other streams of its key.
    Manager acquire(const HttpStreamRequest &request);
    // What a stream on `manager` negotiated ("h2", "http/1.1").
    void noteProtocol(const Manager &manager, const QByteArray &protocol);
    // `manager` is handed out no more (its connection is not to be reused); the streams on it
    // keep it until they end.
    void retire(const Manager &manager);

    int managersHandedOut() const { return m_created; } // for tests

private:
    static QByteArray keyOf(const HttpStreamRequest &request);

    struct Entry
    {
        std::weak_ptr<QNetworkAccessManager> manager;
        bool h2 = false; // a stream on it spoke HTTP/2
    };
    std::map<QByteArray, Entry> m_current;
    int m_created = 0;
};
