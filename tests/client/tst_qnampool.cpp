// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// QnamPool's choices: which requests share a manager (and so a connection), how many until
// HTTP/2 is seen, and when a manager is handed out no more.
#include "client/clienttransport.h"
#include "client/qnampool.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QTest>

namespace {

HttpStreamRequest request(const char *url)
{
    HttpStreamRequest r;
    r.url = QUrl(QString::fromLatin1(url));
    return r;
}

} // namespace

class TestQnamPool : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shareable_data();
    void shareable();
    void sameOriginShares();
    void keyedByWhatQtDoesNotTellApart();
    void sixUntilHttp2();
    void http11SharesNoFurther();
    void retired();
    void managerGoesWithItsLastStream();
};

void TestQnamPool::shareable_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("priorKnowledge");
    QTest::addColumn<bool>("cookies");
    QTest::addColumn<bool>("shareable");
    QTest::newRow("https") << "https://example.test/events" << false << false << true;
    QTest::newRow("HTTPS") << "HTTPS://example.test/events" << false << false << true;
    QTest::newRow("h2c") << "http://example.test/events" << true << false << true;
    QTest::newRow("http/1.1") << "http://example.test/events" << false << false << false;
    QTest::newRow("cookies") << "https://example.test/events" << false << true << false;
}

void TestQnamPool::shareable()
{
    QFETCH(QString, url);
    QFETCH(bool, priorKnowledge);
    QFETCH(bool, cookies);
    QFETCH(bool, shareable);
    HttpStreamRequest r;
    r.url = QUrl(url);
    r.http2PriorKnowledge = priorKnowledge;
    r.cookies = cookies;
    QCOMPARE(QnamPool::shareable(r), shareable);
}

void TestQnamPool::sameOriginShares()
{
    QnamPool pool;
    const QnamPool::Manager a = pool.acquire(request("https://example.test/a"));
    const QnamPool::Manager b = pool.acquire(request("https://EXAMPLE.test/b?x=1"));
    QVERIFY(a);
    QCOMPARE(a, b);
    QCOMPARE(a->parent(), &pool);
    QVERIFY(a->autoDeleteReplies() == false);
    QCOMPARE(pool.managersHandedOut(), 1);
}

void TestQnamPool::keyedByWhatQtDoesNotTellApart()
{
    QnamPool pool;
    const HttpStreamRequest base = request("https://example.test/events");
    const QnamPool::Manager a = pool.acquire(base);
    QList<HttpStreamRequest> others;
    HttpStreamRequest r = request("https://example.test:8443/events");
    others << r;
    r = request("https://other.test/events");
    others << r;
    r = base;
    r.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("proxy.test"), 3128);
    others << r;
    r.proxy.setUser(QStringLiteral("bob"));
    others << r;
    r = base;
    r.ignoreSslErrors = true;
    others << r;
    r = base;
    r.http2PriorKnowledge = true;
    others << r;
    QList<QnamPool::Manager> held {a};
    for (const HttpStreamRequest &other : std::as_const(others)) {
        const QnamPool::Manager m = pool.acquire(other);
        for (const QnamPool::Manager &before : std::as_const(held))
            QVERIFY2(m != before, qPrintable(other.url.toString()));
        held.append(m);
    }
    QCOMPARE(pool.acquire(base), a);
}

void TestQnamPool::sixUntilHttp2()
{
    QnamPool pool;
    const HttpStreamRequest r = request("https://example.test/events");
    QList<QnamPool::Manager> streams;
    for (int i = 0; i < QnamPool::kMaxUnconfirmed; ++i)
        streams.append(pool.acquire(r));
    QCOMPARE(pool.managersHandedOut(), 1);
    // A seventh stream would wait for good behind six HTTP/1.1 connections: a new manager.
    const QnamPool::Manager seventh = pool.acquire(r);
    QVERIFY(seventh != streams.first());
    QCOMPARE(pool.managersHandedOut(), 2);
    // Once HTTP/2 is seen on it, a manager carries any number of streams.
    pool.noteProtocol(seventh, "h2");
    for (int i = 0; i < 20; ++i)
        QCOMPARE(pool.acquire(r), seventh);
}

void TestQnamPool::http11SharesNoFurther()
{
    QnamPool pool;
    const HttpStreamRequest r = request("https://example.test/events");
    const QnamPool::Manager first = pool.acquire(r);
    pool.noteProtocol(first, "http/1.1");
    QVERIFY(pool.acquire(r) != first);
}

void TestQnamPool::retired()
{
    QnamPool pool;
    const HttpStreamRequest r = request("https://example.test/events");
    const QnamPool::Manager first = pool.acquire(r);
    pool.noteProtocol(first, "h2");
    pool.retire(first);
    const QnamPool::Manager next = pool.acquire(r);
    QVERIFY(next != first);
    QCOMPARE(pool.acquire(r), next);
}

void TestQnamPool::managerGoesWithItsLastStream()
{
    QnamPool pool;
    const HttpStreamRequest r = request("https://example.test/events");
    QPointer<QNetworkAccessManager> watched;
    {
        QnamPool::Manager a = pool.acquire(r);
        QnamPool::Manager b = pool.acquire(r);
        watched = a.get();
        a.reset();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(watched); // b still holds it
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(!watched);
    // And one the pool outlives: a fresh one for the next stream.
    QVERIFY(pool.acquire(r));
    QCOMPARE(pool.managersHandedOut(), 2);
}

QTEST_GUILESS_MAIN(TestQnamPool)
#include "tst_qnampool.moc"
