// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The doctor's HTML page and the timeline it plots: pages of synthetic reports parse (libxml2's
// HTML parser, and as XML), load nothing from anywhere, keep hostile server strings inert, say
// when there is nothing to plot and stay bounded whatever the stream; the timeline downsamples
// without losing a silence or a count; and a real run against the embedded mock server plots
// every frame it was sent.
#include "doctor/doctor.h"
#include "doctor/doctorhtml.h"
#include "server/mockserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

Q_DECLARE_METATYPE(DoctorReport)
Q_DECLARE_METATYPE(MockDisconnectInfo)

namespace {

using Point = DoctorTimeline::Point;

constexpr qint64 kMs = 1000; // microseconds
constexpr qint64 kNsPerMs = 1000000;

// A stream of `frames` frames from the run's start (0 ns), one every `stepMs`: every fifth a
// heartbeat comment stamped with `latencyMs`, the others events with ids; `perRead` frames share
// a read, and a read comes `silenceMs` after the previous one when given (a buffered stream).
DoctorStream makeStream(qint64 frames, qint64 stepMs, int perRead = 1, qint64 silenceMs = 0)
{
    DoctorStream s(int(std::min<qint64>(frames, 200000)));
    s.startNs = 1 * kNsPerMs;
    s.openNs = 20 * kNsPerMs;
    qint64 ns = s.openNs;
    for (qint64 i = 0; i < frames; ++i) {
        const bool newRead = i % perRead == 0;
        ns += newRead ? (silenceMs > 0 ? silenceMs : stepMs) * kNsPerMs : 1000;
        DoctorArrival a;
        a.ns = ns;
        a.readNo = i / perRead + 1;
        a.bytes = 40;
        if (i % 5 == 4) {
            a.kind = DoctorArrival::Kind::Comment;
            a.heartbeat = true;
            a.stampLatencyMs = 3 + double(i % perRead) * 100;
            ++s.comments;
            ++s.heartbeats;
        } else {
            a.kind = DoctorArrival::Kind::Event;
            a.type = "message";
            a.id = QByteArray::number(i);
            a.idInBlock = true;
            ++s.events;
        }
        s.arrivals.append(a);
    }
    s.lastArrivalNs = ns;
    s.observedUntilNs = ns + 100 * kNsPerMs;
    return s;
}

DoctorReport baseReport()
{
    DoctorReport r;
    r.url = QStringLiteral("http://127.0.0.1:8080/events?a=1&b=2");
    r.budgetMs = 20000;
    r.elapsedMs = 20004;
    r.endedBy = QStringLiteral("budget");
    r.addFact(QStringLiteral("headers"), QStringLiteral("content-type"),
              QStringLiteral("text/event-stream"));
    r.addCoverage(QStringLiteral("headers"), true, QStringLiteral("the response's head"));
    r.addCoverage(QStringLiteral("resume"), false, QStringLiteral("no ids"));
    return r;
}

// A run of a buffered stream: clumps of 10 frames after 2 s silences, stamps rising within a
// clump; a reconnect that replays 3 events and brings 2 new ones.
DoctorReport bufferedReport()
{
    DoctorReport r = baseReport();
    DoctorFinding f;
    f.id = QStringLiteral("buffering.proxy");
    f.severity = DoctorFinding::Severity::Error;
    f.title = QStringLiteral("frames arrive in clumps");
    f.evidence = {QStringLiteral("10 frames in one read after 2.0 s"),
                  QStringLiteral("X-Accel-Buffering: (none)")};
    f.fix = QStringLiteral("send X-Accel-Buffering: no");
    r.addFinding(f);
    DoctorFinding info;
    info.id = QStringLiteral("heartbeats.fact");
    info.severity = DoctorFinding::Severity::Info;
    info.title = QStringLiteral("heartbeats every 2 s");
    r.addFinding(info);
    DoctorStream main = makeStream(100, 100, 10, 2000);
    main.ended = true;
    main.endNs = main.observedUntilNs;
    main.endState = ClientState::Failed;
    main.endReason = QStringLiteral("the server reset the connection (TCP RST)");
    DoctorStream resumed = makeStream(0, 100);
    resumed.startNs = main.endNs + 5 * kNsPerMs;
    resumed.openNs = main.endNs + 30 * kNsPerMs;
    for (int i = 0; i < 5; ++i) {
        DoctorArrival a;
        a.ns = resumed.openNs + (i + 1) * 10 * kNsPerMs;
        a.readNo = 1;
        a.id = QByteArray::number(i < 3 ? 96 + i : 1000 + i); // the main stream's 96..98
        a.idInBlock = true;
        resumed.arrivals.append(a);
        ++resumed.events;
    }
    resumed.observedUntilNs = resumed.arrivals.constLast().ns + 50 * kNsPerMs;
    r.timeline = DoctorTimeline::fromStreams(&main, &resumed, QByteArrayLiteral("95"), 0,
                                             QDateTime(QDate(2026, 5, 4), QTime(10, 0), Qt::UTC));
    return r;
}

// A stream that never opened: the request was refused.
DoctorReport refusedReport()
{
    DoctorReport r = baseReport();
    DoctorFinding f;
    f.id = QStringLiteral("response.failed");
    f.severity = DoctorFinding::Severity::Error;
    f.title = QStringLiteral("the request failed: connection refused");
    r.addFinding(f);
    DoctorStream main;
    main.startNs = kNsPerMs;
    main.ended = true;
    main.endNs = main.observedUntilNs = 3 * kNsPerMs;
    main.endState = ClientState::Failed;
    main.endReason = QStringLiteral("connection refused");
    r.timeline = DoctorTimeline::fromStreams(&main, nullptr, QByteArray(), 0, QDateTime());
    return r;
}

// Events without stamps, held to the end of the run; no reconnect.
DoctorReport unstampedReport()
{
    DoctorReport r = baseReport();
    DoctorStream main = makeStream(60, 300);
    for (DoctorArrival &a : main.arrivals)
        a.stampLatencyMs = std::nan("");
    r.timeline = DoctorTimeline::fromStreams(&main, nullptr, QByteArray(), 0, QDateTime());
    return r;
}

// Every string a server or the user gives, hostile.
DoctorReport hostileReport()
{
    const QString script = QStringLiteral("<script>alert(1)</script>");
    const QString img = QStringLiteral("\"><img src=x onerror=alert(2)>");
    DoctorReport r = bufferedReport();
    r.url = QStringLiteral("http://h/\"><img src=x onerror=alert(3)>");
    r.endedBy = script;
    DoctorFinding f;
    f.id = img;
    f.severity = DoctorFinding::Severity::Warning;
    f.title = QStringLiteral("a header: ") + script;
    f.evidence = {QStringLiteral("X-Evil: ") + script, QStringLiteral("Via: ") + img,
                  QStringLiteral("control: \x01\x1b[31m\x7f end")};
    f.fix = script + img;
    r.addFinding(f);
    r.addFact(script, img, script);
    r.addCoverage(img, false, script);
    r.timeline.lastEventId = "</svg>" + script.toUtf8();
    r.timeline.streams[1].lastEventId = r.timeline.lastEventId;
    r.timeline.streams[0].endReason = script + img;
    return r;
}

QString marksIn(const QString &svg, const QString &cls, int *count)
{
    const QString open = QStringLiteral("<g class=\"%1\"").arg(cls);
    const qsizetype from = svg.indexOf(open);
    if (from < 0)
        return QStringLiteral("no group ") + cls;
    const qsizetype to = svg.indexOf(QStringLiteral("</g>"), from);
    const QString group = svg.mid(from, to - from);
    *count = int(group.count(QStringLiteral("<rect")) + group.count(QStringLiteral("<circle")));
    return QString();
}

int marks(const QString &svg, const QString &cls)
{
    int count = -1;
    const QString error = marksIn(svg, cls, &count);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return count;
}

} // namespace

class TestDoctorHtml : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parses_data();
    void parses();
    void selfContained_data();
    void selfContained();
    void hostileStringsAreInert();
    void nothingToPlot();
    void arrivalsStackReads();
    void latencyOrGaps();
    void reconnect();
    void afterTheEnd();
    void timelineDownsamples();
    void timelineInJson();
    void boundedSize();
    void realRun();

private:
    QString m_xmllint;
};

void TestDoctorHtml::initTestCase()
{
    qRegisterMetaType<DoctorReport>();
    qRegisterMetaType<MockDisconnectInfo>();
    m_xmllint = QStandardPaths::findExecutable(QStringLiteral("xmllint"));
}

void TestDoctorHtml::parses_data()
{
    QTest::addColumn<DoctorReport>("report");
    QTest::newRow("buffered, with a reconnect") << bufferedReport();
    QTest::newRow("refused") << refusedReport();
    QTest::newRow("no stamps") << unstampedReport();
    QTest::newRow("hostile") << hostileReport();
    QTest::newRow("nothing at all") << DoctorReport();
}

void TestDoctorHtml::parses()
{
    // libxml2's HTML parser knows HTML 4 only: it names each HTML5 and SVG element it meets
    // ("Tag svg invalid") and reads on. Those, and nothing else, are allowed; as XML the page
    // must be well-formed outright (every element closed, no entity XML lacks).
    if (m_xmllint.isEmpty())
        QSKIP("xmllint is missing (scripts/dev.sh installs libxml2-utils)");
    QFETCH(DoctorReport, report);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("report.html")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(DoctorHtml::page(report));
    file.close();
    const QRegularExpression html5(QStringLiteral(
        "Tag (header|section|article|figure|figcaption|footer|svg|g|rect|circle|line|path|text)"
        " invalid$"));
    for (const bool asHtml : {true, false}) {
        QProcess lint;
        lint.setProcessChannelMode(QProcess::MergedChannels);
        QStringList arguments {QStringLiteral("--noout"), file.fileName()};
        if (asHtml)
            arguments.prepend(QStringLiteral("--html"));
        lint.start(m_xmllint, arguments);
        QVERIFY(lint.waitForFinished(30000));
        const QString output = QString::fromUtf8(lint.readAll());
        QStringList complaints;
        for (const QString &line : output.split(u'\n')) {
            // The messages; the lines after each quote the source and point at it.
            if (!line.startsWith(file.fileName()))
                continue;
            if (!asHtml || !html5.match(line).hasMatch())
                complaints.append(line);
        }
        QVERIFY2(complaints.isEmpty(), qPrintable(complaints.join(u'\n')));
        QCOMPARE(lint.exitCode(), 0);
    }
}

void TestDoctorHtml::selfContained_data()
{
    parses_data();
}

void TestDoctorHtml::selfContained()
{
    QFETCH(DoctorReport, report);
    QString page = QString::fromUtf8(DoctorHtml::page(report));
    // The report's URL is text on the page; nothing else names a place.
    page.remove(report.url.toHtmlEscaped());
    if (QTest::currentDataTag() != QByteArrayLiteral("hostile")) {
        for (const char *reference : {"src=", "href=", "srcset="})
            QVERIFY2(!page.contains(QLatin1String(reference)), reference);
    }
    for (const char *reference :
         {"http://", "https://", "//", "@import", "url(", "<script", "<link", "<iframe", "<object",
          "<embed", "<img", "<image", "<use", "@font-face", "javascript:", " on"}) {
        const QString needle = QString::fromLatin1(reference);
        // " on" as in an event handler attribute, " onerror=": text has it, tags must not.
        if (needle == QStringLiteral(" on")) {
            static const QRegularExpression handler(QStringLiteral("<[^>]*\\son\\w+="));
            QVERIFY2(!handler.match(page).hasMatch(), qPrintable(handler.match(page).captured()));
            continue;
        }
        QVERIFY2(!page.contains(needle, Qt::CaseInsensitive), reference);
    }
    QVERIFY(page.contains(QStringLiteral("<style>")));
    QVERIFY(page.contains(QStringLiteral("prefers-color-scheme:dark")));
    QVERIFY(page.contains(QStringLiteral("@media print")));
}

void TestDoctorHtml::hostileStringsAreInert()
{
    const DoctorReport report = hostileReport();
    const QByteArray page = DoctorHtml::page(report);
    QVERIFY(!page.contains("<script"));
    QVERIFY(!page.contains("<img"));
    // One </svg> a plot: the id's cannot close one early.
    QCOMPARE(page.count("</svg>"), page.count("<svg "));
    QVERIFY(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    QVERIFY(page.contains("Last-Event-ID: &lt;/svg&gt;&lt;script&gt;"));
    // Control characters are shown, never passed on (they would also break the XML).
    QVERIFY(!page.contains('\x01'));
    QVERIFY(!page.contains('\x1b'));
    QVERIFY(page.contains("control: \xef\xbf\xbd\xef\xbf\xbd[31m\xef\xbf\xbd end"));
    // Cut where a string is too long, and said.
    const QString escaped = DoctorHtml::escaped(QString(5000, u'<'), 10);
    QCOMPARE(escaped,
             QStringLiteral("&lt;").repeated(10) + QStringLiteral(" [4990 more characters]"));
}

void TestDoctorHtml::nothingToPlot()
{
    for (const DoctorReport &report : {refusedReport(), DoctorReport()}) {
        const QByteArray page = DoctorHtml::page(report);
        QVERIFY(!page.contains("<svg"));
        QCOMPARE(page.count("<p class=\"empty\">Nothing to plot: "), 3);
        QVERIFY(page.contains("<figure>"));
    }
    const QByteArray refused = DoctorHtml::page(refusedReport());
    QVERIFY(refused.contains("the stream never opened (failed: connection refused)"));
    QVERIFY(refused.contains("sev-error"));
    // Held open, and silent: the axes are drawn, and the silence said.
    DoctorReport silent = baseReport();
    DoctorStream main = makeStream(0, 100);
    silent.timeline = DoctorTimeline::fromStreams(&main, nullptr, QByteArray(), 0, QDateTime());
    const QString arrivals = DoctorHtml::arrivalsPlot(silent.timeline);
    QVERIFY(arrivals.startsWith(QStringLiteral("<svg")));
    QVERIFY(arrivals.contains(QStringLiteral("no frame arrived")));
    QVERIFY(DoctorHtml::latencyPlot(silent.timeline).contains(QStringLiteral("Nothing to plot")));
}

void TestDoctorHtml::arrivalsStackReads()
{
    const DoctorReport report = bufferedReport();
    const DoctorTimeline::Stream &main = report.timeline.streams.at(0);
    QCOMPARE(main.points.size(), 100);
    const QString svg = DoctorHtml::arrivalsPlot(report.timeline);
    QCOMPARE(marks(svg, QStringLiteral("ev")), 80);
    QCOMPARE(marks(svg, QStringLiteral("hb")), 20);
    QCOMPARE(marks(svg, QStringLiteral("cm")), 0);
    // The ten frames of a read share their x and climb: ten distinct heights at one time.
    static const QRegularExpression rect(QStringLiteral("<rect x=\"([0-9.]+)\" y=\"([0-9.]+)\""));
    QHash<QString, QSet<QString>> heights;
    for (auto it = rect.globalMatch(svg); it.hasNext();) {
        const auto m = it.next();
        heights[m.captured(1)].insert(m.captured(2));
    }
    int tallest = 0;
    for (const QSet<QString> &h : std::as_const(heights))
        tallest = std::max(tallest, int(h.size()));
    QCOMPARE(tallest, 8); // the events of a read (its two heartbeats are circles)
    QVERIFY(svg.contains(QStringLiteral(">end: RST</text>")));
    QVERIFY(svg.contains(QStringLiteral("frames in one read")));
    QVERIFY(svg.contains(QStringLiteral("events (80)")));
    // Ticks in seconds on a 20 s axis.
    QVERIFY(svg.contains(QStringLiteral(">10 s</text>")));
}

void TestDoctorHtml::latencyOrGaps()
{
    // Stamps known: a sawtooth (100 ms more per heartbeat deeper into a clump).
    const QString stamped = DoctorHtml::latencyPlot(bufferedReport().timeline);
    QVERIFY(stamped.contains(QStringLiteral("<title>Heartbeat stamp latency")));
    QCOMPARE(marks(stamped, QStringLiteral("hb")), 20);
    QVERIFY(stamped.contains(QStringLiteral("stamped heartbeats (20)")));
    QVERIFY(stamped.contains(QStringLiteral(">400 ms</text>")));
    // None: the gaps, one mark a frame.
    const QString gaps = DoctorHtml::latencyPlot(unstampedReport().timeline);
    QVERIFY(gaps.contains(QStringLiteral("<title>Gaps between frames")));
    QCOMPARE(marks(gaps, QStringLiteral("ev")) + marks(gaps, QStringLiteral("hb")), 60);
    QVERIFY(gaps.contains(QStringLiteral("silence before the frame")));
}

void TestDoctorHtml::reconnect()
{
    const DoctorReport report = bufferedReport();
    const DoctorTimeline::Stream *resume = report.timeline.stream(QStringLiteral("resume"));
    QVERIFY(resume);
    QCOMPARE(resume->count(Point::Kind::Event), 5);
    QCOMPARE(std::count_if(resume->points.cbegin(), resume->points.cend(),
                           [](const Point &p) { return p.replayed; }),
             3);
    const QString svg = DoctorHtml::reconnectPlot(report.timeline);
    QCOMPARE(marks(svg, QStringLiteral("rp")), 3);
    QVERIFY(svg.contains(QStringLiteral("replayed events (3)")));
    QVERIFY(svg.contains(QStringLiteral("other events (2 on the reconnect)")));
    QVERIFY(svg.contains(QStringLiteral("request, Last-Event-ID: 95")));
    QVERIFY(svg.contains(QStringLiteral(">open</text>"))); // no status: none said
    QVERIFY(svg.contains(QStringLiteral(">end: RST</text>")));
    // Without a reconnect: said, not drawn.
    QVERIFY(DoctorHtml::reconnectPlot(unstampedReport().timeline)
                .startsWith(QStringLiteral("<p class=\"empty\">Nothing to plot: no reconnect")));
}

// The server ended the stream cleanly: the reconnect with the last event's id is the plot's
// last lane, a 204 drawn as the right answer, a stream that starts again in green.
void TestDoctorHtml::afterTheEnd()
{
    DoctorReport r = baseReport();
    DoctorStream main = makeStream(20, 100);
    main.ended = true;
    main.endNs = main.observedUntilNs;
    main.endState = ClientState::Closed;
    main.endReason = QStringLiteral("stream ended by the server");
    DoctorStream resumed = makeStream(0, 100);
    resumed.startNs = main.endNs + 5 * kNsPerMs;
    resumed.openNs = main.endNs + 20 * kNsPerMs;
    resumed.observedUntilNs = resumed.openNs + 100 * kNsPerMs;
    r.timeline =
        DoctorTimeline::fromStreams(&main, &resumed, QByteArrayLiteral("16"), 0, QDateTime());
    DoctorStream noContent;
    noContent.startNs = resumed.observedUntilNs + 10 * kNsPerMs;
    noContent.ended = true;
    noContent.endNs = noContent.observedUntilNs = noContent.startNs + 3 * kNsPerMs;
    noContent.endState = ClientState::Closed;
    noContent.endStatus = 204;
    DoctorReport stops = r;
    stops.timeline.addAfterEnd(main, noContent, QByteArrayLiteral("19"), 0);
    const DoctorTimeline::Stream *after = stops.timeline.stream(QStringLiteral("after-end"));
    QVERIFY(after);
    QCOMPARE(after->lastEventId, QByteArrayLiteral("19"));
    QCOMPARE(after->endShort(), QStringLiteral("HTTP 204"));
    QString svg = DoctorHtml::reconnectPlot(stops.timeline);
    QVERIFY(svg.contains(QStringLiteral(">after end</text>")));
    QVERIFY(svg.contains(QStringLiteral("request, Last-Event-ID: 19")));
    // Drawn as a label, not as an error.
    const qsizetype at = svg.indexOf(QStringLiteral(">end: HTTP 204</text>"));
    QVERIFY(at > 0);
    const qsizetype tag = svg.lastIndexOf(QStringLiteral("<text class=\""), at);
    QCOMPARE(svg.mid(tag, 17), QStringLiteral("<text class=\"lbl\""));
    // The same stream again: the main stream's ids, green on the last lane.
    DoctorStream again = makeStream(0, 100);
    again.startNs = noContent.startNs;
    again.openNs = again.startNs + 10 * kNsPerMs;
    for (const DoctorArrival &a : main.arrivals) {
        if (a.kind != DoctorArrival::Kind::Event || again.arrivals.size() == 3)
            continue;
        DoctorArrival copy = a;
        copy.ns = again.openNs + (again.arrivals.size() + 1) * kNsPerMs;
        again.arrivals.append(copy);
        ++again.events;
    }
    again.observedUntilNs = again.arrivals.constLast().ns + kNsPerMs;
    DoctorReport restarts = r;
    restarts.timeline.addAfterEnd(main, again, QByteArrayLiteral("19"), 0);
    svg = DoctorHtml::reconnectPlot(restarts.timeline);
    QCOMPARE(marks(svg, QStringLiteral("rp")), 3);
    QVERIFY(svg.contains(QStringLiteral(">open</text>")));
    // In the JSON, each stream says what Last-Event-ID its request sent.
    const QJsonArray streams = QJsonDocument::fromJson(restarts.toJson())
                                   .object()
                                   .value(u"timeline")
                                   .toObject()
                                   .value(u"streams")
                                   .toArray();
    QCOMPARE(streams.size(), 3);
    QCOMPARE(streams.at(1).toObject().value(u"last_event_id").toString(), QStringLiteral("16"));
    QCOMPARE(streams.at(2).toObject().value(u"role").toString(), QStringLiteral("after-end"));
    QCOMPARE(streams.at(2).toObject().value(u"last_event_id").toString(), QStringLiteral("19"));
}

void TestDoctorHtml::timelineDownsamples()
{
    // 10,000 frames at 10 ms, one silence of 30 s in the middle: at most kMaxPoints points,
    // the frame after the silence among them, the counts the stream's.
    DoctorStream s = makeStream(10000, 10);
    for (qsizetype i = 5001; i < s.arrivals.size(); ++i)
        s.arrivals[i].ns += 30000 * kNsPerMs;
    const DoctorTimeline::Stream t = DoctorTimeline::fromStream(s, QStringLiteral("main"), 0);
    QVERIFY(t.points.size() <= DoctorTimeline::kMaxPoints);
    QCOMPARE(t.stride, 4);
    QCOMPARE(t.points.size(), 2500);
    QCOMPARE(t.events, 8000);
    QCOMPARE(t.heartbeats, 2000);
    QCOMPARE(t.framesKept, 10000);
    qint64 longest = 0;
    for (const Point &p : t.points)
        longest = std::max(longest, p.gapUs);
    QCOMPARE(longest, (30000 + 10) * kMs);
    QVERIFY(std::is_sorted(t.points.cbegin(), t.points.cend(),
                           [](const Point &a, const Point &b) { return a.us < b.us; }));
    QCOMPARE(t.openUs, 20 * kMs);
    QCOMPARE(t.startUs, 1 * kMs);
    QCOMPARE(t.endShort(), QStringLiteral("open"));
    // A short stream is kept whole.
    const DoctorTimeline::Stream whole =
        DoctorTimeline::fromStream(makeStream(50, 10), QStringLiteral("main"), 0);
    QCOMPARE(whole.stride, 1);
    QCOMPARE(whole.points.size(), 50);
    QCOMPARE(whole.points.at(0).us, 30 * kMs);
    QCOMPARE(whole.points.at(0).gapUs, 10 * kMs);
    QCOMPARE(whole.points.at(4).kind, Point::Kind::Heartbeat);
    QCOMPARE(whole.points.at(4).stampLatencyMs, 3.0);
    QCOMPARE(whole.points.at(4).inRead, 0); // one frame a read
}

void TestDoctorHtml::timelineInJson()
{
    const DoctorReport report = bufferedReport();
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(report.toJson(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    // The keys consumers read already are there as before.
    for (const char *key : {"kind", "url", "budget_ms", "elapsed_ms", "ended_by", "worst",
                            "findings", "facts", "coverage"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    const QJsonObject timeline = o.value(u"timeline").toObject();
    QCOMPARE(timeline.value(u"started").toString(), QStringLiteral("2026-05-04T10:00:00.000Z"));
    QCOMPARE(timeline.value(u"last_event_id").toString(), QStringLiteral("95"));
    const QJsonArray streams = timeline.value(u"streams").toArray();
    QCOMPARE(streams.size(), 2);
    const QJsonObject main = streams.at(0).toObject();
    QCOMPARE(main.value(u"role").toString(), QStringLiteral("main"));
    QCOMPARE(main.value(u"end").toString(), QStringLiteral("RST"));
    QCOMPARE(main.value(u"open_ms").toDouble(), 20.0);
    QCOMPARE(main.value(u"events").toInt(), 80);
    QCOMPARE(main.value(u"heartbeats").toInt(), 20);
    const QJsonArray points = main.value(u"points").toArray();
    QCOMPARE(points.size(), 100);
    const QJsonArray fields = timeline.value(u"fields").toArray();
    QCOMPARE(fields.size(), points.at(0).toArray().size());
    const QJsonArray heartbeat = points.at(4).toArray();
    QCOMPARE(heartbeat.at(1).toString(), QStringLiteral("heartbeat"));
    QCOMPARE(heartbeat.at(4).toInt(), 4); // the fifth frame of its read
    QCOMPARE(heartbeat.at(5).toInt(), 10); // of ten
    QCOMPARE(heartbeat.at(7).toDouble(), 403.0); // held 400 ms longer than the first
    QVERIFY(points.at(0).toArray().at(7).isNull()); // an event has no stamp
    const QJsonObject resume = streams.at(1).toObject();
    QVERIFY(resume.value(u"end_ms").isNull()); // still open
    QCOMPARE(resume.value(u"points").toArray().at(0).toArray().at(8).toBool(), true);
    // A run that asked for nothing has an empty timeline.
    const QJsonObject none = QJsonDocument::fromJson(DoctorReport().toJson()).object();
    QVERIFY(none.value(u"timeline").toObject().value(u"streams").toArray().isEmpty());
}

void TestDoctorHtml::boundedSize()
{
    // 100,000 frames on each stream and an evidence line of a megabyte: the page stays small.
    DoctorReport report = bufferedReport();
    DoctorStream main = makeStream(100000, 5, 7, 0);
    DoctorStream resumed = makeStream(100000, 5);
    const qint64 shift = main.observedUntilNs;
    resumed.startNs += shift;
    resumed.openNs += shift;
    resumed.observedUntilNs += shift;
    for (DoctorArrival &a : resumed.arrivals)
        a.ns += shift;
    report.timeline = DoctorTimeline::fromStreams(&main, &resumed, QByteArrayLiteral("99995"), 0,
                                                  QDateTime::currentDateTimeUtc());
    report.findings[0].evidence.append(QString(1 << 20, u'x'));
    const QByteArray page = DoctorHtml::page(report);
    QVERIFY2(page.size() < 1536 * 1024, QByteArray::number(page.size()).constData());
    const QString arrivals = DoctorHtml::arrivalsPlot(report.timeline);
    QCOMPARE(marks(arrivals, QStringLiteral("ev")) + marks(arrivals, QStringLiteral("hb")),
             int(report.timeline.streams.at(0).points.size()));
    QVERIFY(report.timeline.streams.at(0).points.size() <= DoctorTimeline::kMaxPoints);
    QVERIFY(page.contains("drawn: one of each 34"));
    // Downsampled (the frame kept of a run is the first of its read, after the silence), a
    // read of seven frames is still drawn seven high.
    int highest = 0;
    for (const Point &p : report.timeline.streams.at(0).points)
        highest = std::max(highest, p.readFrames);
    QCOMPARE(highest, 7);
    QVERIFY(arrivals.contains(QStringLiteral("<path class=\"stem\"")));
    qDebug("page of 2 x 100,000 frames: %lld bytes", qlonglong(page.size()));
}

void TestDoctorHtml::realRun()
{
    // The embedded mock server ends each stream after 8 events: the doctor's main stream is
    // all it was sent (a FIN after the eighth), and the plots mark each of its frames.
    MockServerOptions o;
    o.port = 0;
    o.threads = 0;
    o.heartbeatMs = 60;
    o.eventMs = 50;
    o.eventsPerStream = 8;
    MockServer server;
    server.setOptions(o);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QSignalSpy gone(&server, &MockServer::clientDisconnected);

    DoctorOptions options;
    options.request.url = server.url();
    options.request.proxyMode = SseClientOptions::ProxyMode::None;
    options.budgetMs = 5000;
    options.resumeMs = 1500;
    Doctor doctor;
    doctor.setOptions(options);
    QSignalSpy finished(&doctor, &Doctor::finished);
    doctor.start();
    QVERIFY(finished.wait(8000));
    const DoctorReport report = finished.first().first().value<DoctorReport>();
    QTRY_VERIFY_WITH_TIMEOUT(gone.size() >= 2, 5000);

    const auto first = gone.at(0).at(0).value<MockDisconnectInfo>();
    const DoctorTimeline::Stream *main = report.timeline.stream(QStringLiteral("main"));
    QVERIFY(main);
    QCOMPARE(main->endShort(), QStringLiteral("FIN"));
    QCOMPARE(main->stride, 1);
    QCOMPARE(first.eventsSent, 8);
    QCOMPARE(main->count(Point::Kind::Event), first.eventsSent);
    QCOMPARE(main->count(Point::Kind::Heartbeat), first.heartbeatsSent);
    QCOMPARE(main->events, first.eventsSent);
    QVERIFY(first.heartbeatsSent > 0);
    // The mock's heartbeats carry their unix-ms stamp.
    QVERIFY(std::all_of(main->points.cbegin(), main->points.cend(), [](const Point &p) {
        return p.kind != Point::Kind::Heartbeat || p.hasStamp();
    }));

    const QString arrivals = DoctorHtml::arrivalsPlot(report.timeline);
    QCOMPARE(marks(arrivals, QStringLiteral("ev")), int(first.eventsSent));
    QCOMPARE(marks(arrivals, QStringLiteral("hb")), int(first.heartbeatsSent));
    QVERIFY(arrivals.contains(QStringLiteral(">end: FIN</text>")));
    const QString latency = DoctorHtml::latencyPlot(report.timeline);
    QCOMPARE(marks(latency, QStringLiteral("hb")), int(first.heartbeatsSent));

    // The reconnect replayed the last events after the id it sent, and the plot shows them.
    const DoctorTimeline::Stream *resume = report.timeline.stream(QStringLiteral("resume"));
    QVERIFY(resume);
    QVERIFY(!report.timeline.lastEventId.isEmpty());
    QVERIFY(resume->opened());
    QCOMPARE(resume->status, 200);
    const qint64 replayed = std::count_if(resume->points.cbegin(), resume->points.cend(),
                                          [](const Point &p) { return p.replayed; });
    QVERIFY2(replayed >= 3, qPrintable(QString::fromUtf8(report.toText())));
    const QString reconnect = DoctorHtml::reconnectPlot(report.timeline);
    QCOMPARE(marks(reconnect, QStringLiteral("rp")), int(replayed));
    QVERIFY(reconnect.contains(QStringLiteral("request, Last-Event-ID: ")
                               + QString::fromUtf8(report.timeline.lastEventId)));
    const QByteArray page = DoctorHtml::page(report);
    QCOMPARE(page.count("<svg "), 3);
}

QTEST_GUILESS_MAIN(TestDoctorHtml)
#include "tst_doctorhtml.moc"
