// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/redirectpolicy.h"

#include <QTest>

// RedirectPolicy on its own: which statuses redirect, where a Location leads, the fetch rules
// for method and body, the hop limit, loops, and credentials dropped once the chain leaves the
// original origin. The client against a real server: tst_sseclient (redirect*).
class TestRedirectPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isRedirect_data();
    void isRedirect();
    void origin_data();
    void origin();
    void followsRelativeLocation();
    void methodAndBody_data();
    void methodAndBody();
    void loopIsCut();
    void sameUrlOtherMethodIsNoLoop();
    void beginForgetsVisited();
    void tooManyRedirects();
    void missingLocation();
    void unsupportedTarget_data();
    void unsupportedTarget();
    void crossOriginDropsCredentials();
};

namespace {

const QUrl kStart(QStringLiteral("http://a.test/start"));

} // namespace

void TestRedirectPolicy::isRedirect_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("redirect");
    for (int status : {301, 302, 303, 307, 308})
        QTest::addRow("%d", status) << status << true;
    for (int status : {200, 204, 300, 304, 305, 306, 309, 400, 500})
        QTest::addRow("%d", status) << status << false;
}

void TestRedirectPolicy::isRedirect()
{
    QFETCH(int, status);
    QFETCH(bool, redirect);
    QCOMPARE(RedirectPolicy::isRedirect(status), redirect);
}

void TestRedirectPolicy::origin_data()
{
    QTest::addColumn<QUrl>("a");
    QTest::addColumn<QUrl>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("default http port")
        << QUrl("http://a.test/x") << QUrl("http://a.test:80/y") << true;
    QTest::newRow("default https port")
        << QUrl("https://a.test/") << QUrl("https://a.test:443/z?q") << true;
    QTest::newRow("host case") << QUrl("http://A.Test/") << QUrl("http://a.test/") << true;
    QTest::newRow("scheme case") << QUrl("HTTP://a.test/") << QUrl("http://a.test/") << true;
    QTest::newRow("other port") << QUrl("http://a.test/") << QUrl("http://a.test:8080/") << false;
    QTest::newRow("other scheme") << QUrl("http://a.test/") << QUrl("https://a.test/") << false;
    QTest::newRow("other host") << QUrl("http://a.test/") << QUrl("http://b.test/") << false;
    QTest::newRow("subdomain") << QUrl("http://a.test/") << QUrl("http://www.a.test/") << false;
}

void TestRedirectPolicy::origin()
{
    QFETCH(QUrl, a);
    QFETCH(QUrl, b);
    QFETCH(bool, same);
    QCOMPARE(RedirectPolicy::origin(a) == RedirectPolicy::origin(b), same);
}

void TestRedirectPolicy::followsRelativeLocation()
{
    RedirectPolicy policy;
    policy.begin(kStart, "GET", QByteArray(), 20);
    policy.noteSent();
    const RedirectPolicy::Step step = policy.follow(302, " /moved?x=1 ");
    QVERIFY(step.follow);
    QCOMPARE(step.text, QStringLiteral("redirected (302) to http://a.test/moved?x=1"));
    QCOMPARE(policy.url(), QUrl("http://a.test/moved?x=1"));
    QCOMPARE(policy.method(), QByteArray("GET"));
    QCOMPARE(policy.redirects(), 1);
    QVERIFY(!policy.dropCredentials());

    policy.noteSent();
    const RedirectPolicy::Step next = policy.follow(301, "../deeper/here");
    QVERIFY(next.follow);
    QCOMPARE(policy.url(), QUrl("http://a.test/deeper/here"));
    QCOMPARE(policy.redirects(), 2);
}

void TestRedirectPolicy::methodAndBody_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("nextMethod");
    QTest::addColumn<bool>("keepsBody");
    QTest::newRow("POST 301") << QByteArray("POST") << 301 << QByteArray("GET") << false;
    QTest::newRow("POST 302") << QByteArray("POST") << 302 << QByteArray("GET") << false;
    QTest::newRow("POST 303") << QByteArray("POST") << 303 << QByteArray("GET") << false;
    QTest::newRow("POST 307") << QByteArray("POST") << 307 << QByteArray("POST") << true;
    QTest::newRow("POST 308") << QByteArray("POST") << 308 << QByteArray("POST") << true;
    QTest::newRow("PUT 301") << QByteArray("PUT") << 301 << QByteArray("PUT") << true;
    QTest::newRow("PUT 302") << QByteArray("PUT") << 302 << QByteArray("PUT") << true;
    QTest::newRow("PUT 303") << QByteArray("PUT") << 303 << QByteArray("GET") << false;
    QTest::newRow("HEAD 303") << QByteArray("HEAD") << 303 << QByteArray("HEAD") << true;
    QTest::newRow("GET 303") << QByteArray("GET") << 303 << QByteArray("GET") << false;
}

void TestRedirectPolicy::methodAndBody()
{
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(QByteArray, nextMethod);
    QFETCH(bool, keepsBody);
    RedirectPolicy policy;
    policy.begin(kStart, method, "a=1", 20);
    QCOMPARE(policy.body(), QByteArray("a=1"));
    policy.noteSent();
    QVERIFY(policy.follow(status, "/next").follow);
    QCOMPARE(policy.method(), nextMethod);
    QCOMPARE(policy.body(), keepsBody ? QByteArray("a=1") : QByteArray());
}

void TestRedirectPolicy::loopIsCut()
{
    RedirectPolicy policy;
    policy.begin(QUrl("http://a.test/a"), "GET", QByteArray(), 20);
    policy.noteSent();
    QVERIFY(policy.follow(302, "/b").follow);
    policy.noteSent();
    const RedirectPolicy::Step step = policy.follow(302, "http://a.test/a");
    QVERIFY(!step.follow);
    QCOMPARE(step.text, QStringLiteral("redirect loop (302 to http://a.test/a, already visited)"));

    // A redirect to itself is a loop at once.
    policy.begin(QUrl("http://a.test/a"), "GET", QByteArray(), 20);
    policy.noteSent();
    QVERIFY(!policy.follow(307, "/a").follow);
}

void TestRedirectPolicy::sameUrlOtherMethodIsNoLoop()
{
    // POST /a -> 303 -> GET /a is a new request; GET /a -> 303 -> GET /a is a loop.
    RedirectPolicy policy;
    policy.begin(QUrl("http://a.test/a"), "POST", "x", 20);
    policy.noteSent();
    QVERIFY(policy.follow(303, "/a").follow);
    QCOMPARE(policy.method(), QByteArray("GET"));
    policy.noteSent();
    const RedirectPolicy::Step step = policy.follow(303, "/a");
    QVERIFY(!step.follow);
    QVERIFY(step.text.startsWith(QStringLiteral("redirect loop (303 to ")));
}

void TestRedirectPolicy::beginForgetsVisited()
{
    // Loops are per attempt: a reconnect may go through the same hops again.
    RedirectPolicy policy;
    policy.begin(QUrl("http://a.test/a"), "GET", QByteArray(), 20);
    policy.noteSent();
    QVERIFY(policy.follow(302, "/b").follow);
    policy.noteSent();
    policy.begin(QUrl("http://a.test/a"), "GET", QByteArray(), 20);
    QCOMPARE(policy.redirects(), 0);
    QCOMPARE(policy.url(), QUrl("http://a.test/a"));
    policy.noteSent();
    QVERIFY(policy.follow(302, "/b").follow);
}

void TestRedirectPolicy::tooManyRedirects()
{
    RedirectPolicy policy;
    policy.begin(kStart, "GET", QByteArray(), 3);
    for (int i = 1; i <= 3; ++i) {
        policy.noteSent();
        QVERIFY(policy.follow(301, "/r" + QByteArray::number(i)).follow);
    }
    policy.noteSent();
    const RedirectPolicy::Step step = policy.follow(301, "/r4");
    QVERIFY(!step.follow);
    QCOMPARE(step.text, QStringLiteral("too many redirects (more than 3)"));
    QCOMPARE(policy.url(), QUrl("http://a.test/r3")); // the hop was not taken

    policy.begin(kStart, "GET", QByteArray(), 0);
    policy.noteSent();
    QCOMPARE(policy.follow(302, "/x").text, QStringLiteral("too many redirects (more than 0)"));
}

void TestRedirectPolicy::missingLocation()
{
    RedirectPolicy policy;
    policy.begin(kStart, "GET", QByteArray(), 20);
    policy.noteSent();
    RedirectPolicy::Step step = policy.follow(302, QByteArray());
    QVERIFY(!step.follow);
    QCOMPARE(step.text, QStringLiteral("redirect without Location (HTTP 302)"));
    step = policy.follow(308, "  \t ");
    QCOMPARE(step.text, QStringLiteral("redirect without Location (HTTP 308)"));
    QCOMPARE(policy.redirects(), 0);
}

void TestRedirectPolicy::unsupportedTarget_data()
{
    QTest::addColumn<QByteArray>("location");
    QTest::newRow("ftp") << QByteArray("ftp://a.test/file");
    QTest::newRow("mailto") << QByteArray("mailto:someone@a.test");
    QTest::newRow("no host") << QByteArray("http:///path");
    QTest::newRow("invalid") << QByteArray("http://[::1/x");
}

void TestRedirectPolicy::unsupportedTarget()
{
    QFETCH(QByteArray, location);
    RedirectPolicy policy;
    policy.begin(kStart, "GET", QByteArray(), 20);
    policy.noteSent();
    const RedirectPolicy::Step step = policy.follow(301, location);
    QVERIFY(!step.follow);
    QCOMPARE(step.text,
             QStringLiteral("redirect (301) to an unsupported URL \"%1\"")
                 .arg(QString::fromUtf8(location)));
    QCOMPARE(policy.url(), kStart);
}

void TestRedirectPolicy::crossOriginDropsCredentials()
{
    RedirectPolicy policy;
    policy.begin(QUrl("http://a.test/"), "GET", QByteArray(), 20);
    policy.noteSent();
    QVERIFY(policy.follow(307, "http://A.test:80/same").follow);
    QVERIFY(!policy.dropCredentials()); // same origin: credentials kept
    policy.noteSent();
    QVERIFY(policy.follow(302, "http://a.test:8080/other-port").follow);
    QVERIFY(policy.dropCredentials());
    policy.noteSent();
    QVERIFY(policy.follow(302, "http://a.test/back").follow);
    QVERIFY(policy.dropCredentials()); // once dropped, dropped for the rest of the attempt
    policy.noteSent();
    QVERIFY(policy.follow(307, "/again").follow); // a same-origin hop does not bring them back
    QVERIFY(policy.dropCredentials());

    policy.begin(QUrl("http://a.test/"), "GET", QByteArray(), 20);
    QVERIFY(!policy.dropCredentials()); // a new attempt starts with them
    policy.noteSent();
    QVERIFY(policy.follow(301, "https://a.test/").follow); // http to https: another origin
    QVERIFY(policy.dropCredentials());
}

QTEST_GUILESS_MAIN(TestRedirectPolicy)
#include "tst_redirectpolicy.moc"
