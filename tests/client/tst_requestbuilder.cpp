// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "client/requestbuilder.h"

#include <QTemporaryFile>
#include <QTest>

#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

Q_DECLARE_METATYPE(SseClientOptions)

// RequestBuilder on its own: what prepare() refuses before anything is sent (with the message
// the user sees), and the request build() makes: our fields, the user's replacing them,
// credentials left out across origins, Last-Event-ID, Content-Type for a body, proxy and TLS.
class TestRequestBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refused_data();
    void refused();
    void accepted_data();
    void accepted();
    void caFile();
    void defaultFields();
    void userFieldsReplaceOurs();
    void crossOriginLeavesCredentialsOut();
    void lastEventId();
    void contentTypeForBody();
    void proxy();
    void parseUrl_data();
    void parseUrl();
};

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

SseClientOptions withUrl(const char *url)
{
    SseClientOptions o;
    o.url = QUrl(QString::fromUtf8(url));
    o.proxyMode = SseClientOptions::ProxyMode::None;
    return o;
}

QByteArray field(const Headers &headers, const QByteArray &name)
{
    QByteArray value;
    int found = 0;
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            value = h.second;
            ++found;
        }
    }
    return found == 1 ? value : (found == 0 ? QByteArray() : QByteArray("<repeated>"));
}

QByteArrayList names(const Headers &headers)
{
    QByteArrayList out;
    for (const auto &h : headers)
        out.append(h.first);
    return out;
}

HttpStreamRequest build(const SseClientOptions &o, bool dropCredentials = false,
                        const QByteArray &lastEventId = QByteArray())
{
    RequestBuilder builder;
    QString error;
    if (!builder.prepare(o, &error))
        qWarning("prepare: %s", qPrintable(error));
    return builder.build(o.url, o.method, o.body, dropCredentials, lastEventId);
}

} // namespace

void TestRequestBuilder::refused_data()
{
    QTest::addColumn<SseClientOptions>("options");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("prefix");

    QTest::newRow("no url") << withUrl("") << QStringLiteral("no URL given") << false;
    QTest::newRow("invalid url") << withUrl("http://[::1/x") << QStringLiteral("invalid URL \"")
                                 << true;
    QTest::newRow("no scheme")
        << withUrl("//a.test/events")
        << QStringLiteral(
               "invalid URL \"//a.test/events\": no scheme (expected http:// or https://)")
        << false;
    QTest::newRow("ftp") << withUrl("ftp://a.test/x")
                         << QStringLiteral(
                                "unsupported URL scheme \"ftp\" (expected http or https)")
                         << false;
    QTest::newRow("no host") << withUrl("http:///events")
                             << QStringLiteral("invalid URL \"http:///events\": no host") << false;

    SseClientOptions o = withUrl("http://a.test/");
    o.method = "GE T";
    QTest::newRow("method") << o << QStringLiteral("invalid HTTP method \"GE T\"") << false;

    o = withUrl("http://a.test/");
    o.headers = {{"X-Ok", "1"}, {"Bad Name", "v"}};
    QTest::newRow("header name") << o << QStringLiteral("invalid header name \"Bad Name\"")
                                 << false;
    o.headers = {{" ", "v"}};
    QTest::newRow("empty header name") << o << QStringLiteral("invalid header name \"\"") << false;
    o.headers = {{" X-Split ", "a\r\nInjected: yes"}};
    QTest::newRow("CRLF in value")
        << o << QStringLiteral("header \"X-Split\" has a line break or NUL in its value") << false;
    o.headers = {{"X-Lf", "a\nb"}};
    QTest::newRow("LF in value") << o
                                 << QStringLiteral(
                                        "header \"X-Lf\" has a line break or NUL in its value")
                                 << false;
    o.headers = {{"X-Nul", QByteArray("a\0b", 3)}};
    QTest::newRow("NUL in value") << o
                                  << QStringLiteral(
                                         "header \"X-Nul\" has a line break or NUL in its value")
                                  << false;

    o = withUrl("http://a.test/");
    o.caFile = QStringLiteral("/nonexistent/ca.pem");
    QTest::newRow("CA file missing")
        << o << QStringLiteral("cannot read CA file \"/nonexistent/ca.pem\": ") << true;

    o = withUrl("http://a.test/");
    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    o.proxyUrl = QUrl("ftp://proxy.test:21");
    QTest::newRow("proxy scheme")
        << o
        << QStringLiteral("unsupported proxy \"ftp://proxy.test:21\" (expected http://host:port "
                          "or socks5://host:port)")
        << false;
    o.proxyUrl = QUrl("http://");
    QTest::newRow("proxy without host")
        << o << QStringLiteral("invalid proxy URL \"http://\"") << false;
    o.proxyUrl = QUrl();
    QTest::newRow("proxy missing") << o << QStringLiteral("unsupported proxy \"\" (") << true;
}

void TestRequestBuilder::refused()
{
    QFETCH(SseClientOptions, options);
    QFETCH(QString, error);
    QFETCH(bool, prefix);
    RequestBuilder builder;
    QString message;
    QVERIFY(!builder.prepare(options, &message));
    if (prefix)
        QVERIFY2(message.startsWith(error), qPrintable(message));
    else
        QCOMPARE(message, error);
}

void TestRequestBuilder::accepted_data()
{
    QTest::addColumn<SseClientOptions>("options");
    QTest::newRow("http") << withUrl("http://a.test/events?x=1");
    QTest::newRow("upper-case scheme") << withUrl("HTTP://a.test:8080/");
    SseClientOptions o = withUrl("http://127.0.0.1:1/");
    o.method = "PATCH";
    o.headers = {{"X-Empty", ""}, {"Authorization", "Bearer t"}, {"x-tab", "a\tb"}};
    QTest::newRow("method and headers") << o;
    o = withUrl("http://a.test/");
    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    o.proxyUrl = QUrl("socks5://proxy.test");
    QTest::newRow("socks5 proxy") << o;
#if QT_CONFIG(ssl)
    if (QSslSocket::supportsSsl())
        QTest::newRow("https") << withUrl("https://a.test/");
#endif
}

void TestRequestBuilder::accepted()
{
    QFETCH(SseClientOptions, options);
    RequestBuilder builder;
    QString error;
    QVERIFY2(builder.prepare(options, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
}

void TestRequestBuilder::caFile()
{
#if QT_CONFIG(ssl)
    SseClientOptions o = withUrl("http://a.test/");
    QTemporaryFile notPem;
    QVERIFY(notPem.open());
    notPem.write("not a certificate\n");
    notPem.close();
    o.caFile = notPem.fileName();
    RequestBuilder builder;
    QString error;
    QVERIFY(!builder.prepare(o, &error));
    QCOMPARE(error,
             QStringLiteral("no PEM certificate found in CA file \"%1\"").arg(notPem.fileName()));

    o.caFile = QStringLiteral(SSEMON_CLIENT_TEST_DATA "/server.pem");
    o.ignoreSslErrors = true;
    QVERIFY2(builder.prepare(o, &error), qPrintable(error));
    HttpStreamRequest request = builder.build(o.url, o.method, o.body, false, QByteArray());
    QCOMPARE(request.caCertificates.size(), 1);
    QVERIFY(request.ignoreSslErrors);

    // A later session without a CA file trusts only the system's again.
    o.caFile.clear();
    o.ignoreSslErrors = false;
    QVERIFY(builder.prepare(o, &error));
    request = builder.build(o.url, o.method, o.body, false, QByteArray());
    QVERIFY(request.caCertificates.isEmpty());
    QVERIFY(!request.ignoreSslErrors);
#else
    QSKIP("no TLS in this build");
#endif
}

void TestRequestBuilder::defaultFields()
{
    SseClientOptions o = withUrl("http://a.test/events");
    HttpStreamRequest request = build(o);
    QCOMPARE(request.url, o.url);
    QCOMPARE(request.method, QByteArray("GET"));
    QVERIFY(request.body.isEmpty());
    QCOMPARE(request.readBufferBytes, RequestBuilder::kReadBufferBytes);
    const Headers expected = {{"Accept", "text/event-stream"},
                              {"Cache-Control", "no-cache"},
                              {"Accept-Encoding", "identity"}};
    QCOMPARE(request.headers, expected);

    o.compression = true;
    request = build(o);
    QCOMPARE(field(request.headers, "Accept-Encoding"), QByteArray("gzip, deflate"));
}

void TestRequestBuilder::userFieldsReplaceOurs()
{
    SseClientOptions o = withUrl("http://a.test/");
    o.headers = {{"accept", "application/json"},
                 {" X-Trace ", "1"},
                 {"X-Trace", "2"},
                 {"Cache-Control", "max-age=0"}};
    const HttpStreamRequest request = build(o);
    // Replaced fields move to where the user put them; names are sent trimmed.
    QCOMPARE(names(request.headers),
             QByteArrayList({"Accept-Encoding", "accept", "X-Trace", "Cache-Control"}));
    QCOMPARE(field(request.headers, "Accept"), QByteArray("application/json"));
    QCOMPARE(field(request.headers, "X-Trace"), QByteArray("2"));
    QCOMPARE(field(request.headers, "Cache-Control"), QByteArray("max-age=0"));
}

void TestRequestBuilder::crossOriginLeavesCredentialsOut()
{
    SseClientOptions o = withUrl("http://a.test/");
    o.headers = {{"Authorization", "Bearer secret"},
                 {"cookie", "session=1"},
                 {"X-Api-Key", "kept"},
                 {"Proxy-Authorization", "kept too"}};
    HttpStreamRequest request = build(o, false);
    QCOMPARE(field(request.headers, "Authorization"), QByteArray("Bearer secret"));
    QCOMPARE(field(request.headers, "Cookie"), QByteArray("session=1"));

    request = build(o, true);
    QVERIFY(!names(request.headers).contains("Authorization"));
    QVERIFY(!names(request.headers).contains("cookie"));
    for (const auto &h : request.headers)
        QVERIFY(!h.second.contains("secret") && !h.second.contains("session"));
    QCOMPARE(field(request.headers, "X-Api-Key"), QByteArray("kept"));
    QCOMPARE(field(request.headers, "Proxy-Authorization"), QByteArray("kept too"));
}

void TestRequestBuilder::lastEventId()
{
    SseClientOptions o = withUrl("http://a.test/");
    // No committed ID: no field at all.
    QVERIFY(!names(build(o).headers).contains("Last-Event-ID"));
    QCOMPARE(field(build(o, false, "41").headers, "Last-Event-ID"), QByteArray("41"));
    // The committed ID replaces one the user set; without one, the user's stays.
    o.headers = {{"last-event-id", "user"}};
    QCOMPARE(field(build(o, false, "42").headers, "Last-Event-ID"), QByteArray("42"));
    QCOMPARE(field(build(o).headers, "Last-Event-ID"), QByteArray("user"));
}

void TestRequestBuilder::contentTypeForBody()
{
    SseClientOptions o = withUrl("http://a.test/");
    o.method = "POST";
    QVERIFY(!names(build(o).headers).contains("Content-Type"));
    o.body = "a=1";
    HttpStreamRequest request = build(o);
    QCOMPARE(request.body, QByteArray("a=1"));
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(field(request.headers, "Content-Type"),
             QByteArray("application/x-www-form-urlencoded"));
    o.headers = {{"content-type", "application/json"}};
    request = build(o);
    QCOMPARE(field(request.headers, "Content-Type"), QByteArray("application/json"));
}

void TestRequestBuilder::proxy()
{
    SseClientOptions o = withUrl("http://a.test/");
    QCOMPARE(build(o).proxy.type(), QNetworkProxy::NoProxy);

    o.proxyMode = SseClientOptions::ProxyMode::Explicit;
    o.proxyUrl = QUrl("http://user:pw@proxy.test:3128");
    QNetworkProxy p = build(o).proxy;
    QCOMPARE(p.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(p.hostName(), QStringLiteral("proxy.test"));
    QCOMPARE(p.port(), quint16(3128));
    QCOMPARE(p.user(), QStringLiteral("user"));
    QCOMPARE(p.password(), QStringLiteral("pw"));

    o.proxyUrl = QUrl("HTTP://proxy.test");
    QCOMPARE(build(o).proxy.port(), quint16(8080));
    o.proxyUrl = QUrl("socks5://proxy.test");
    p = build(o).proxy;
    QCOMPARE(p.type(), QNetworkProxy::Socks5Proxy);
    QCOMPARE(p.port(), quint16(1080));

    // A later session without a proxy does not keep the earlier one.
    RequestBuilder builder;
    QString error;
    QVERIFY(builder.prepare(o, &error));
    o.proxyMode = SseClientOptions::ProxyMode::None;
    QVERIFY(builder.prepare(o, &error));
    QCOMPARE(builder.build(o.url, o.method, o.body, false, {}).proxy.type(),
             QNetworkProxy::NoProxy);
}

void TestRequestBuilder::parseUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("url"); // empty: refused
    QTest::addColumn<QString>("message"); // part of the refusal

    QTest::newRow("full") << "http://127.0.0.1:8080/events?x=1"
                          << "http://127.0.0.1:8080/events?x=1" << QString();
    QTest::newRow("https, any case") << "HTTPS://example.org/s"
                                     << "https://example.org/s" << QString();
    QTest::newRow("no scheme: http") << "127.0.0.1:8080/events"
                                     << "http://127.0.0.1:8080/events" << QString();
    QTest::newRow("host name, no scheme") << "localhost:9/x"
                                          << "http://localhost:9/x" << QString();
    QTest::newRow("IPv6") << "http://[::1]:8080/e"
                          << "http://[::1]:8080/e" << QString();
    QTest::newRow("spaces around") << "  http://h/e  "
                                   << "http://h/e" << QString();
    QTest::newRow("empty") << "  " << QString() << "no URL";
    QTest::newRow("scheme without colon")
        << "htp//127.0.0.1 18080/events" << QString() << "\"://\"";
    QTest::newRow("scheme with one slash") << "http:/host/e" << QString() << "\"://\"";
    QTest::newRow("space for a colon")
        << "http://127.0.0.1 18080/events" << QString() << "contains a space";
    QTest::newRow("port over 65535") << "http://127.0.0.1:70000/events" << QString()
                                     << "port \"70000\" is not a number from 1 to 65535";
    QTest::newRow("port over 65535, no scheme")
        << "127.0.0.1:99999" << QString() << "from 1 to 65535";
    QTest::newRow("port not a number") << "http://h:80a/e" << QString() << "port \"80a\"";
    QTest::newRow("port 0") << "http://h:0/e" << QString() << "port 0";
    QTest::newRow("ftp") << "ftp://example.org/" << QString() << "\"ftp\", not http or https";
    QTest::newRow("no host") << "http:///events" << QString() << "no host";
    QTest::newRow("bad host") << "http://exa_mple!.com/" << QString() << "not a valid URL";
}

void TestRequestBuilder::parseUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, url);
    QFETCH(QString, message);
    QUrl parsed(QStringLiteral("http://left.over/"));
    QString error;
    const bool ok = RequestBuilder::parseUrl(text, &parsed, &error);
    if (url.isEmpty()) {
        QVERIFY2(!ok, qPrintable(parsed.toString()));
        QVERIFY(parsed.isEmpty());
        QVERIFY2(error.contains(message), qPrintable(error));
    } else {
        QVERIFY2(ok, qPrintable(error));
        QCOMPARE(parsed, QUrl(url));
    }
}

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "tst_requestbuilder.moc"
