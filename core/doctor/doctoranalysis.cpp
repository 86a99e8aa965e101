// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctoranalysis.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

constexpr qint64 kNsPerMs = 1000000;
// Frames closer than this arrived together (one write of whoever held them).
constexpr qint64 kBurstGapNs = 5 * kNsPerMs;
// A heartbeat whose own stamp says it waited this much longer than the quickest one was held.
constexpr double kHeldMs = 250;

using Severity = DoctorFinding::Severity;

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(QString::number(double(ms) / 1000.0, 'f', ms % 1000 ? 1 : 0));
}

QString line(QByteArrayView name, const QByteArray &value)
{
    return QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value);
}

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

QByteArray parameter(const QByteArray &contentType, QByteArrayView name)
{
    const QList<QByteArray> parts = contentType.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray part = parts.at(i).trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq > 0 && part.left(eq).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            QByteArray value = part.mid(eq + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return QByteArray();
}

QString names(const QList<DoctorAnalysis::Intermediary> &list)
{
    QStringList out;
    for (const DoctorAnalysis::Intermediary &i : list)
        out.append(i.name);
    return out.join(QStringLiteral(", "));
}

bool has(const QList<DoctorAnalysis::Intermediary> &list, const QString &name)
{
    return std::any_of(list.cbegin(), list.cend(),
                       [&](const DoctorAnalysis::Intermediary &i) { return i.name == name; });
}

double median(QList<qint64> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return double(values.at(values.size() / 2));
}

// Frames stamped within this long after the open are left out of the events' own timing: a
// server may send a backlog (stamped earlier) as soon as a client connects.
constexpr qint64 kBacklogNs = 1000 * kNsPerMs;

// How far a server's clock may be from ours for its stamps to be taken as times (a day: a
// clock off by hours or a time zone still counts).
constexpr double kClockSkewMs = 24 * 3600 * 1000.0;

// The frames' own delays: arrival minus when each frame says it was sent (a heartbeat's stamp,
// an event's timestamp in its data or its id), in ms, NaN where a frame does not say. Event
// stamps count only where they advance with time (not a constant "created", not an article's
// date) and their resolution sets how large a spread is a hold.
struct OwnTiming
{
    QList<double> lag; // per arrival
    double heldMs = kHeldMs;
    qsizetype heartbeats = 0;
    qsizetype data = 0;
    qsizetype ids = 0;
    QByteArray field; // the data field of the events' stamps

    qsizetype stamped() const { return heartbeats + data + ids; }
    // "the heartbeats' own timestamps", "the events' timestamps (\"t\" in their data)", ...
    QString sources() const
    {
        QStringList out;
        if (heartbeats)
            out.append(QStringLiteral("the heartbeats' own timestamps"));
        if (data)
            out.append(QStringLiteral("the events' timestamps (\"%1\" in their data)")
                           .arg(QString::fromUtf8(field)));
        if (ids)
            out.append(QStringLiteral("the times in the events' ids"));
        return out.join(QStringLiteral(" and "));
    }
};

// Each source of stamps runs on a clock of its own (the server's for its heartbeats, another
// for a "created_at" set when a record was made): its delays are measured from its own quickest
// frame, so that the sources can be set side by side.
void fromQuickest(QList<double> *lag, const QList<qsizetype> &frames)
{
    double quickest = std::numeric_limits<double>::infinity();
    for (const qsizetype i : frames)
        quickest = std::min(quickest, lag->at(i));
    for (const qsizetype i : frames)
        (*lag)[i] -= quickest;
}

OwnTiming ownTiming(const DoctorStream &stream)
{
    OwnTiming out;
    const QList<DoctorArrival> &a = stream.arrivals;
    out.lag = QList<double>(a.size(), std::nan(""));
    QList<qsizetype> beats;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (std::isfinite(a.at(i).stampLatencyMs)) {
            out.lag[i] = a.at(i).stampLatencyMs;
            beats.append(i);
        }
    }
    out.heartbeats = beats.size();
    fromQuickest(&out.lag, beats);
    for (const bool fromId : {false, true}) {
        QList<qsizetype> used;
        double resolution = 0;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const DoctorArrival &f = a.at(i);
            if (std::isfinite(f.sentMs) && f.sentFromId == fromId && !std::isfinite(out.lag[i])
                && f.ns - stream.openNs >= kBacklogNs) {
                used.append(i);
                resolution = std::max(resolution, f.sentResolutionMs);
            }
        }
        if (used.size() < 3)
            continue;
        qsizetype forward = 0;
        double lo = a.at(used.first()).sentMs;
        double hi = lo;
        QList<double> lags;
        for (qsizetype k = 0; k < used.size(); ++k) {
            const DoctorArrival &f = a.at(used.at(k));
            if (k > 0)
                forward += f.sentMs >= a.at(used.at(k - 1)).sentMs ? 1 : 0;
            lo = std::min(lo, f.sentMs);
            hi = std::max(hi, f.sentMs);
            lags.append(stream.wallMs(f.ns) - f.sentMs);
        }
        std::sort(lags.begin(), lags.end());
        const double stampSpan = hi - lo;
        const double arrivalSpan = double(a.at(used.last()).ns - a.at(used.first()).ns) / 1e6;
        // Every frame was sent after the request and before it arrived, so its stamps can span
        // no more than from the request to the last arrival (whatever the server's clock
        // says); and they must advance, mostly in order, at least half as fast as the
        // arrivals. A constant, an article's date, a counter or a snowflake id read as a time
        // fails one of these, or is days away from now.
        const double sinceRequest = double(a.at(used.last()).ns - stream.startNs) / 1e6;
        if (double(forward) < 0.9 * double(used.size() - 1) || stampSpan < 0.5 * arrivalSpan
            || stampSpan <= 2 * resolution || stampSpan > sinceRequest + 2 * resolution + 1000
            || std::abs(lags.at(lags.size() / 2)) > kClockSkewMs)
            continue;
        for (const qsizetype i : used)
            out.lag[i] = stream.wallMs(a.at(i).ns) - a.at(i).sentMs;
        fromQuickest(&out.lag, used);
        out.heldMs = std::max(out.heldMs, 2 * resolution);
        (fromId ? out.ids : out.data) = used.size();
        if (!fromId)
            out.field = stream.stampField;
    }
    return out;
}

// Frames that arrived together, and what they say about having been held.
struct Burst
{
    qsizetype first = 0; // index into arrivals
    qsizetype count = 0;
    qint64 spanNs = 0;
    qint64 silenceNs = 0; // before its first frame
    int events = 0;
    int keepAlives = 0;
    double minStamp = std::nan("");
    double maxStamp = std::nan("");
    bool held(double heldMs) const
    {
        const double spread = maxStamp - minStamp;
        return keepAlives >= 2 || (std::isfinite(spread) && spread >= heldMs);
    }
};

QList<Burst> bursts(const DoctorStream &stream, const QList<double> &lag)
{
    QList<Burst> out;
    const QList<DoctorArrival> &a = stream.arrivals;
    for (qsizetype i = 0; i < a.size();) {
        Burst b;
        b.first = i;
        const qint64 before = i > 0 ? a.at(i - 1).ns : stream.openNs;
        b.silenceNs = before > 0 ? std::max<qint64>(0, a.at(i).ns - before) : 0;
        qsizetype j = i;
        for (; j < a.size() && (j == i || a.at(j).ns - a.at(j - 1).ns <= kBurstGapNs); ++j) {
            const DoctorArrival &f = a.at(j);
            if (f.keepsAlive())
                ++b.keepAlives;
            else
                ++b.events;
            const double l = lag.at(j);
            if (std::isfinite(l)) {
                b.minStamp = std::isfinite(b.minStamp) ? std::min(b.minStamp, l) : l;
                b.maxStamp = std::isfinite(b.maxStamp) ? std::max(b.maxStamp, l) : l;
            }
        }
        b.count = j - i;
        b.spanNs = a.at(j - 1).ns - a.at(i).ns;
        out.append(b);
        i = j;
    }
    return out;
}

// What holds a stream back in each intermediary the headers name, and how to stop it.
QString bufferingAdvice(const QString &name)
{
    static const struct
    {
        const char *name;
        const char *advice;
    } kAdvice[] = {
        {"Cloudflare",
         "Cloudflare streams uncached responses unless Response Buffering (Network settings, "
         "Enterprise plans) is on: turn it off, and keep the stream out of the cache "
         "(Cache-Control: no-cache from the origin, or a Cache Rule that bypasses it)."},
        {"AWS CloudFront",
         "CloudFront: give the stream's path a cache behavior with caching disabled "
         "(the CachingDisabled policy) and compression off."},
        {"AWS ELB/ALB",
         "An AWS load balancer passes a response on as it comes: the hold is behind it (the "
         "application, or a proxy on the instance)."},
        {"Envoy",
         "Envoy streams by default: a buffer or compressor filter on this route holds the "
         "response; leave text/event-stream out of them."},
        {"Vercel",
         "Vercel: a function that returns its whole body at once is buffered; return a "
         "streaming Response (a ReadableStream) so each event is sent as written."},
        {"Netlify",
         "Netlify: a function's response is buffered unless the function returns a stream "
         "(a ReadableStream body)."},
        {"Heroku",
         "Heroku's router passes a response on as it comes: the hold is in the application "
         "(or a proxy it runs)."},
        {"Apache httpd",
         "Apache httpd: mod_deflate holds output (SetEnvIf on the stream's path: no-gzip), and "
         "a ProxyPass to the application needs flushpackets=on."},
        {"Caddy",
         "Caddy: leave text/event-stream out of the encode directive, and set flush_interval "
         "-1 on the reverse_proxy."},
        {"Varnish",
         "Varnish: pass the stream (return (pipe) in vcl_recv, or beresp.do_stream = true and "
         "uncacheable in vcl_backend_response)."},
        {"Fastly",
         "Fastly: pass the stream uncached with streaming miss (beresp.do_stream = true)."},
        {"HAProxy",
         "HAProxy forwards data as it arrives: leave text/event-stream out of its compression "
         "type list."},
        {"Traefik",
         "Traefik flushes event streams at once: leave text/event-stream out of a compress "
         "middleware (excludedContentTypes)."},
        {"Google Cloud",
         "A Google Cloud load balancer passes a response on as it comes: the hold is in the "
         "backend (or Cloud CDN caching the path: turn caching off for it)."},
        {"Akamai",
         "Akamai: serve the stream's path without caching (no-store) so that the edge does not "
         "hold it for the cache."},
    };
    for (const auto &a : kAdvice) {
        if (name == QLatin1String(a.name))
            return QString::fromLatin1(a.advice);
    }
    return QStringLiteral("%1: turn off response buffering and compression for "
                          "text/event-stream.")
        .arg(name);
}

QString framesText(int events, int keepAlives)
{
    QStringList parts;
    if (events)
        parts.append(QStringLiteral("%1 event%2")
                         .arg(events)
                         .arg(events == 1 ? QString() : QStringLiteral("s")));
    if (keepAlives) {
        parts.append(QStringLiteral("%1 heartbeat%2")
                         .arg(keepAlives)
                         .arg(keepAlives == 1 ? QString() : QStringLiteral("s")));
    }
    return parts.join(QStringLiteral(" and "));
}

QString endHow(const QString &reason)
{
    if (reason.contains(QStringLiteral("TCP RST")) || reason.contains(QStringLiteral("reset")))
        return QStringLiteral("reset (TCP RST)");
    if (reason.startsWith(QStringLiteral("stream ended")))
        return QStringLiteral("closed cleanly (FIN, or the end of the body)");
    return QStringLiteral("cut: ") + reason;
}

} // namespace

QString DoctorAnalysis::duration(qint64 ns)
{
    const qint64 ms = ns / kNsPerMs;
    if (ms < 10)
        return QStringLiteral("%1 ms").arg(QString::number(double(ns) / 1e6, 'f', 1));
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(QString::number(double(ns) / 1e9, 'f', 1));
}

QString DoctorAnalysis::escaped(QByteArrayView bytes)
{
    QString out;
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (c == '\n')
            out += QStringLiteral("\\n");
        else if (c == '\r')
            out += QStringLiteral("\\r");
        else if (c == '\t')
            out += QStringLiteral("\\t");
        else if (c == '\\')
            out += QStringLiteral("\\\\");
        else if (u < 0x20 || u >= 0x7f)
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        else
            out += QLatin1Char(c);
    }
    return out;
}

bool DoctorAnalysis::header(const AttemptInfo &attempt, QByteArrayView name, QByteArray *value)
{
    for (const auto &field : attempt.responseHeaders) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0) {
            *value = field.second;
            return true;
        }
    }
    value->clear();
    return false;
}

const QList<DoctorAnalysis::KnownLimit> &DoctorAnalysis::knownLimits()
{
    static const QList<KnownLimit> limits = {
        {"nginx proxy_read_timeout", 60000, true, "nginx: proxy_read_timeout"},
        {"AWS Application Load Balancer idle timeout", 60000, true,
         "AWS ALB: the idle_timeout.timeout_seconds attribute"},
        {"Heroku router (55 s without data)", 55000, true, "Heroku: not configurable"},
        {"Cloudflare proxy read timeout", 100000, true, "Cloudflare: Enterprise plans only"},
        {"AWS CloudFront origin response timeout", 30000, true,
         "CloudFront: the origin's response timeout"},
        {"Envoy stream_idle_timeout", 300000, true, "Envoy: stream_idle_timeout"},
        {"Envoy route timeout", 15000, false, "Envoy: the route's timeout (0 disables it)"},
        {"Google Cloud load balancer backend service timeout", 30000, false,
         "Google Cloud: the backend service's timeoutSec"},
    };
    return limits;
}

QList<DoctorAnalysis::Intermediary> DoctorAnalysis::intermediaries(const AttemptInfo &attempt)
{
    QList<Intermediary> out;
    auto add = [&out](const QString &name, const QString &evidence) {
        if (!has(out, name))
            out.append(Intermediary {name, evidence});
    };
    static const struct
    {
        const char *needle;
        const char *name;
    } servers[] = {{"nginx", "nginx"},           {"openresty", "nginx"},
                   {"cloudflare", "Cloudflare"}, {"awselb", "AWS ELB/ALB"},
                   {"envoy", "Envoy"},           {"vercel", "Vercel"},
                   {"caddy", "Caddy"},           {"apache", "Apache httpd"},
                   {"akamaighost", "Akamai"},    {"google frontend", "Google Cloud"},
                   {"netlify", "Netlify"},       {"cowboy", "Heroku"},
                   {"heroku", "Heroku"},         {"varnish", "Varnish"},
                   {"haproxy", "HAProxy"},       {"traefik", "Traefik"}};
    static const struct
    {
        const char *field;
        const char *name;
    } signatures[] = {{"cf-ray", "Cloudflare"},
                      {"x-amz-cf-id", "AWS CloudFront"},
                      {"x-envoy-upstream-service-time", "Envoy"},
                      {"x-vercel-id", "Vercel"},
                      {"x-nf-request-id", "Netlify"},
                      {"x-fastly-request-id", "Fastly"},
                      {"x-varnish", "Varnish"},
                      {"x-akamai-transformed", "Akamai"}};
    for (const auto &field : attempt.responseHeaders) {
        const QByteArray name = field.first.toLower();
        const QByteArray value = field.second.toLower();
        const QString evidence = line(field.first, field.second);
        if (name == "server" || name == "via") {
            bool known = false;
            for (const auto &s : servers) {
                if (value.contains(s.needle)) {
                    add(QString::fromLatin1(s.name), evidence);
                    known = true;
                }
            }
            if (name == "via" && value.contains("vegur"))
                add(QStringLiteral("Heroku"), evidence);
            else if (name == "via" && value.contains("cloudfront"))
                add(QStringLiteral("AWS CloudFront"), evidence);
            else if (name == "via" && !known)
                add(QStringLiteral("a proxy (Via)"), evidence);
        }
        for (const auto &s : signatures) {
            if (name == s.field)
                add(QString::fromLatin1(s.name), evidence);
        }
    }
    return out;
}

void DoctorAnalysis::analyze(const Inputs &inputs, DoctorReport *report)
{
    headers(inputs, report);
    buffering(inputs, report);
    heartbeats(inputs, report);
    lifetime(inputs, report);
    resume(inputs, report);
    ending(inputs, report);
    resend(inputs, report);
    cors(inputs, report);
    report->sortFindings();
}

void DoctorAnalysis::headers(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("headers");
    const DoctorStream &main = *inputs.main;
    if (!main.attempt) {
        report->addCoverage(probe, false, QStringLiteral("no response head arrived"));
        return;
    }
    const AttemptInfo &a = *main.attempt;
    report->addCoverage(probe, true, QStringLiteral("the response head of the first request"));
    report->addFact(probe, QStringLiteral("response"),
                    QStringLiteral("%1 %2 %3 (%4 transport)")
                        .arg(QString::fromLatin1(a.protocol.isEmpty() ? "?" : a.protocol),
                             QString::number(a.status), QString::fromUtf8(a.reason),
                             QString::fromLatin1(a.transport)));

    QByteArray value;
    if (a.status != 200) {
        DoctorFinding f;
        f.id = QStringLiteral("response.status");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the stream's request was answered %1 %2, not 200")
                      .arg(a.status)
                      .arg(QString::fromUtf8(a.reason));
        f.evidence.append(QStringLiteral("status line: %1 %2 %3")
                              .arg(QString::fromLatin1(a.protocol), QString::number(a.status),
                                   QString::fromUtf8(a.reason)));
        if (!a.body.isEmpty())
            f.evidence.append(QStringLiteral("body: \"%1\"").arg(escaped(a.body.left(200))));
        f.fix = QStringLiteral("Answer the event stream's request with 200 and "
                               "Content-Type: text/event-stream; EventSource gives up on any "
                               "other status (204 tells it to stop for good).");
        report->addFinding(f);
    }

    const bool hasType = header(a, "content-type", &value);
    if (a.status == 200 && (!hasType || mediaType(value) != "text/event-stream")) {
        DoctorFinding f;
        f.id = QStringLiteral("headers.content-type");
        f.severity = Severity::Error;
        f.title = hasType ? QStringLiteral("Content-Type is %1, not text/event-stream")
                                .arg(QString::fromUtf8(mediaType(value)))
                          : QStringLiteral("the response has no Content-Type");
        f.evidence.append(hasType ? line("Content-Type", value)
                                  : QStringLiteral("Content-Type: (absent)"));
        f.fix = QStringLiteral("Send Content-Type: text/event-stream; EventSource fails the "
                               "connection on any other type.");
        report->addFinding(f);
    } else if (hasType) {
        report->addFact(probe, QStringLiteral("Content-Type"), QString::fromUtf8(value));
        const QByteArray charset = parameter(value, "charset").toLower();
        if (!charset.isEmpty() && charset != "utf-8" && charset != "utf8") {
            DoctorFinding f;
            f.id = QStringLiteral("headers.charset");
            f.severity = Severity::Warning;
            f.title = QStringLiteral("charset=%1: event streams are always UTF-8")
                          .arg(QString::fromUtf8(charset));
            f.evidence.append(line("Content-Type", value));
            f.fix = QStringLiteral("Encode the stream as UTF-8 and say charset=utf-8 (or no "
                                   "charset): browsers decode every event stream as UTF-8 "
                                   "whatever the header says.");
            report->addFinding(f);
        }
    }

    if (a.status == 200 && header(a, "content-length", &value)) {
        DoctorFinding f;
        f.id = QStringLiteral("headers.content-length");
        f.severity = Severity::Error;
        f.title = QStringLiteral("Content-Length: %1 on a stream: it ends after that many bytes")
                      .arg(QString::fromUtf8(value));
        f.evidence.append(line("Content-Length", value));
        f.fix = QStringLiteral("Send no Content-Length on an event stream: use chunked transfer "
                               "coding (HTTP/1.1), HTTP/2 framing, or close the connection at "
                               "the end.");
        report->addFinding(f);
    }

    if (header(a, "cache-control", &value)) {
        report->addFact(probe, QStringLiteral("Cache-Control"), QString::fromUtf8(value));
        const QByteArray v = value.toLower();
        if (!v.contains("no-cache") && !v.contains("no-store") && !v.contains("private")) {
            DoctorFinding f;
            f.id = QStringLiteral("headers.cache-control");
            f.severity = Severity::Warning;
            f.title = QStringLiteral("Cache-Control allows a cache to keep the stream");
            f.evidence.append(line("Cache-Control", value));
            f.fix = QStringLiteral("Send Cache-Control: no-cache (or no-store) on the stream so "
                                   "that no CDN or proxy stores or coalesces it.");
            report->addFinding(f);
        }
    } else if (a.status == 200) {
        DoctorFinding f;
        f.id = QStringLiteral("headers.cache-control");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("no Cache-Control: a cache or CDN may hold the stream");
        f.evidence.append(QStringLiteral("Cache-Control: (absent)"));
        f.fix = QStringLiteral("Send Cache-Control: no-cache (or no-store) on the stream.");
        report->addFinding(f);
    }

    if (header(a, "content-encoding", &value) && value.toLower() != "identity") {
        report->addFact(probe, QStringLiteral("Content-Encoding"), QString::fromUtf8(value));
        DoctorFinding f;
        f.id = QStringLiteral("headers.compression");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("the stream is compressed (%1)").arg(QString::fromUtf8(value));
        f.evidence.append(line("Content-Encoding", value));
        f.evidence.append(QStringLiteral("requested with Accept-Encoding, as browsers do"));
        const qint64 watched = main.observedUntilNs - main.openNs;
        if (main.opened() && main.arrivals.isEmpty() && watched > 0) {
            // Measured: nothing decodable came; not measured: whether the server sent any.
            f.evidence.append(QStringLiteral("no event or comment arrived in the %1 after the "
                                             "head: a silent server, or a compressor holding "
                                             "them")
                                  .arg(duration(watched)));
        }
        f.fix = QStringLiteral("Leave text/event-stream out of compression (nginx: gzip_types; "
                               "Express: the compression filter), or flush the compressor after "
                               "every event; a compressor that is not flushed holds events back "
                               "until its buffer fills.");
        report->addFinding(f);
    }
    for (const char *name : {"Transfer-Encoding", "Connection", "X-Accel-Buffering"}) {
        if (header(a, name, &value)) {
            report->addFact(probe, QString::fromLatin1(name), QString::fromUtf8(value));
        }
    }

    const QList<Intermediary> found = intermediaries(a);
    QStringList named;
    for (const Intermediary &i : found)
        named.append(QStringLiteral("%1 (%2)").arg(i.name, i.evidence));
    report->addFact(probe, QStringLiteral("intermediaries"),
                    named.isEmpty() ? QStringLiteral("none named in the response")
                                    : named.join(QStringLiteral("; ")));

    if (inputs.https && a.protocol == "http/1.1" && a.transport == "qnam") {
        DoctorFinding f;
        f.id = QStringLiteral("protocol.http1");
        f.severity = Severity::Info;
        f.title = QStringLiteral("HTTP/1.1 over TLS: browsers open at most 6 streams per origin");
        f.evidence.append(QStringLiteral("ALPN offered h2 and http/1.1; the server chose "
                                         "http/1.1"));
        f.fix = QStringLiteral("Enable HTTP/2 on the TLS endpoint (nginx: http2 on the listen "
                               "directive), so that every tab's EventSource shares one "
                               "connection instead of waiting for one of six.");
        report->addFinding(f);
    }
}

void DoctorAnalysis::buffering(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("buffering");
    const DoctorStream &main = *inputs.main;
    if (main.arrivals.isEmpty()) {
        report->addCoverage(probe, false, QStringLiteral("no event or comment arrived"));
        return;
    }
    const OwnTiming own = ownTiming(main);
    if (main.heartbeats + main.comments < 2 && own.stamped() < 2) {
        report->addCoverage(probe, false,
                            QStringLiteral("the stream carried fewer than two heartbeats and no "
                                           "timestamps of its own (in its data or its ids): "
                                           "bursts cannot be told from a server that writes in "
                                           "batches"));
        return;
    }
    QStringList against;
    if (main.heartbeats + main.comments >= 2)
        against.append(QStringLiteral("the heartbeats' cadence"));
    if (own.stamped())
        against.append(own.sources());
    report->addCoverage(probe, true,
                        QStringLiteral("%1 frames' arrival times against %2%3")
                            .arg(main.arrivals.size())
                            .arg(against.join(QStringLiteral(" and ")),
                                 main.droppedArrivals > 0
                                     ? QStringLiteral(" (the first ones: %1 more were counted, "
                                                      "not kept)")
                                           .arg(main.droppedArrivals)
                                     : QString()));

    const QList<Burst> all = bursts(main, own.lag);
    QList<Burst> held;
    for (const Burst &b : all) {
        if (b.held(own.heldMs))
            held.append(b);
    }
    // Frames that arrived alone but whose own stamps say they waited.
    double minStamp = std::nan("");
    for (const double l : own.lag) {
        if (std::isfinite(l))
            minStamp = std::isfinite(minStamp) ? std::min(minStamp, l) : l;
    }
    double maxWait = 0;
    for (const double l : own.lag) {
        if (std::isfinite(l))
            maxWait = std::max(maxWait, l - minStamp);
    }
    if (std::isfinite(minStamp)) {
        report->addFact(probe, QStringLiteral("own-time delay"),
                        QStringLiteral("up to %1 ms beyond the quickest frame, by %2")
                            .arg(QString::number(maxWait, 'f', 0), own.sources()));
    }
    if (held.isEmpty() && maxWait < 4 * own.heldMs) {
        report->addFact(probe, QStringLiteral("arrivals"),
                        QStringLiteral("no held bursts in %1 frames").arg(main.arrivals.size()));
        return;
    }

    const Burst *worst = nullptr;
    for (const Burst &b : held) {
        if (!worst || b.count > worst->count)
            worst = &b;
    }
    QByteArray encoding;
    const bool compressed = main.attempt && header(*main.attempt, "content-encoding", &encoding)
        && encoding.toLower() != "identity";
    const QList<Intermediary> found =
        main.attempt ? intermediaries(*main.attempt) : QList<Intermediary>();
    QByteArray accel;
    const bool hasAccel = main.attempt && header(*main.attempt, "x-accel-buffering", &accel);

    DoctorFinding f;
    f.severity = Severity::Error;
    if (worst) {
        f.title = QStringLiteral("buffered: %1 arrived within %2 after %3 of silence")
                      .arg(framesText(worst->events, worst->keepAlives), duration(worst->spanNs),
                           duration(worst->silenceNs));
        const double spread = worst->maxStamp - worst->minStamp;
        if (std::isfinite(spread) && spread > 0) {
            f.evidence.append(QStringLiteral("%1 in that burst span %2 ms: sent apart, delivered "
                                             "together")
                                  .arg(own.sources(), QString::number(spread, 'f', 0)));
        } else if (worst->keepAlives >= 2) {
            f.evidence.append(QStringLiteral("%1 heartbeats in one burst: a server sends them "
                                             "apart, something on the way held them")
                                  .arg(worst->keepAlives));
        }
        QList<qint64> reads;
        QSet<qint64> seen;
        for (qsizetype i = worst->first; i < worst->first + worst->count; ++i) {
            const DoctorArrival &a = main.arrivals.at(i);
            if (a.readNo > 0 && !seen.contains(a.readNo)) {
                seen.insert(a.readNo);
                reads.append(a.readBytes);
            }
        }
        if (!reads.isEmpty()) {
            QStringList sizes;
            for (qint64 r : reads.mid(0, 8))
                sizes.append(QString::number(r));
            f.evidence.append(QStringLiteral("network reads of that burst: %1 (%2 bytes%3)")
                                  .arg(reads.size())
                                  .arg(sizes.join(QStringLiteral(", ")),
                                       reads.size() > 8 ? QStringLiteral(", ...") : QString()));
        }
        QByteArray firstId;
        QByteArray lastId;
        for (qsizetype i = worst->first; i < worst->first + worst->count; ++i) {
            const DoctorArrival &a = main.arrivals.at(i);
            if (a.kind == DoctorArrival::Kind::Event && a.idInBlock) {
                if (firstId.isEmpty())
                    firstId = a.id;
                lastId = a.id;
            }
        }
        if (!firstId.isEmpty() && firstId != lastId) {
            f.evidence.append(QStringLiteral("ids %1..%2 arrived in that burst")
                                  .arg(QString::fromUtf8(firstId), QString::fromUtf8(lastId)));
        }
        qint64 heldFrames = 0;
        for (const Burst &b : held)
            heldFrames += b.count;
        f.evidence.append(QStringLiteral("%1 of %2 frames arrived in %3 such burst(s)")
                              .arg(heldFrames)
                              .arg(main.arrivals.size())
                              .arg(held.size()));
    } else {
        f.title = QStringLiteral("buffered: frames arrived up to %1 later than sent")
                      .arg(duration(qint64(maxWait * double(kNsPerMs))));
    }
    if (std::isfinite(minStamp) && maxWait >= own.heldMs) {
        f.evidence.append(QStringLiteral("by %1: the longest-held frame arrived %2 ms later "
                                         "than the quickest")
                              .arg(own.sources(), QString::number(maxWait, 'f', 0)));
    }
    if (compressed)
        f.evidence.append(line("Content-Encoding", encoding));
    for (const Intermediary &i : found)
        f.evidence.append(i.evidence);
    f.evidence.append(hasAccel ? line("X-Accel-Buffering", accel)
                               : QStringLiteral("X-Accel-Buffering: (absent)"));

    if (compressed) {
        f.id = QStringLiteral("buffering.compression");
        f.fix = QStringLiteral("The compressor holds events until its buffer fills: leave "
                               "text/event-stream out of compression (nginx: remove it from "
                               "gzip_types), or flush the compressor after every event "
                               "(zlib: Z_SYNC_FLUSH).");
    } else if (has(found, QStringLiteral("nginx"))) {
        f.id = QStringLiteral("buffering.proxy");
        f.title += QStringLiteral(" (nginx proxy buffering)");
        f.fix = QStringLiteral("nginx buffers the upstream's response: send X-Accel-Buffering: "
                               "no from the application on the stream's response, or set "
                               "proxy_buffering off; in the location that proxies it (only the "
                               "latter works where proxy_ignore_headers names "
                               "X-Accel-Buffering).");
    } else if (!found.isEmpty()) {
        f.id = QStringLiteral("buffering.proxy");
        f.title += QStringLiteral(" (%1)").arg(names(found));
        QStringList advice;
        for (const Intermediary &i : found)
            advice.append(bufferingAdvice(i.name));
        f.fix = advice.join(QLatin1Char(' '))
            + QStringLiteral(" In the application, flush after every event and heartbeat.");
    } else {
        f.id = QStringLiteral("buffering.server");
        f.fix = QStringLiteral("No intermediary names itself: flush the application's output "
                               "after every event and heartbeat, and turn off response "
                               "buffering in any proxy in front of it.");
    }
    report->addFinding(f);
}

void DoctorAnalysis::heartbeats(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("heartbeats");
    const DoctorStream &main = *inputs.main;
    if (!main.opened()) {
        report->addCoverage(probe, false, QStringLiteral("the stream never opened"));
        return;
    }
    const qint64 until = main.analysedUntilNs() > 0 ? main.analysedUntilNs() : main.lastArrivalNs;
    const qint64 watched = until - main.openNs;
    report->addCoverage(probe, true,
                        main.droppedArrivals > 0
                            ? QStringLiteral("the first %1 of the stream (%2 frames; %3 more "
                                             "were counted, not kept)")
                                  .arg(duration(watched))
                                  .arg(main.arrivals.size())
                                  .arg(main.droppedArrivals)
                            : QStringLiteral("%1 of the stream").arg(duration(watched)));

    QList<qint64> keepAliveNs;
    QList<qint64> messageNs;
    int comments = 0, named = 0, data = 0;
    for (const DoctorArrival &a : main.arrivals) {
        if (a.keepsAlive()) {
            keepAliveNs.append(a.ns);
            if (a.kind == DoctorArrival::Kind::Comment)
                ++comments;
            else if (a.type == "message")
                ++data;
            else
                ++named;
        }
        if (a.reachesOnMessage())
            messageNs.append(a.ns);
    }
    // The longest silence between any two frames, the open and the end included.
    qint64 longest = 0;
    qint64 previous = main.openNs;
    for (const DoctorArrival &a : main.arrivals) {
        longest = std::max(longest, a.ns - previous);
        previous = a.ns;
    }
    longest = std::max(longest, until - previous);

    if (keepAliveNs.isEmpty()) {
        report->addFact(probe, QStringLiteral("heartbeats"),
                        QStringLiteral("none in %1; the longest silence was %2")
                            .arg(duration(watched), duration(longest)));
        if (longest >= inputs.silenceWarnMs * kNsPerMs) {
            DoctorFinding f;
            f.id = QStringLiteral("heartbeat.none");
            f.severity = Severity::Warning;
            f.title = QStringLiteral("no heartbeat, and the stream was silent for %1")
                          .arg(duration(longest));
            f.evidence.append(QStringLiteral("%1 events and no comment in %2")
                                  .arg(main.events)
                                  .arg(duration(watched)));
            f.evidence.append(QStringLiteral("common idle timeouts: 30 s (CloudFront), 55 s "
                                             "(Heroku), 60 s (nginx, AWS ALB), 100 s "
                                             "(Cloudflare)"));
            f.fix = QStringLiteral("Send a heartbeat every 15 s or so while there is nothing "
                                   "else to send: a comment line (\": ping\\n\\n\") keeps "
                                   "proxies from closing the stream; a data event (\"data: "
                                   "ping\\n\\n\") also keeps pages alive that reset a timer in "
                                   "onmessage.");
            report->addFinding(f);
        }
        return;
    }

    QStringList forms;
    if (comments)
        forms.append(QStringLiteral("comment"));
    if (named)
        forms.append(QStringLiteral("named event"));
    if (data)
        forms.append(QStringLiteral("data event (onmessage sees it)"));
    report->addFact(probe, QStringLiteral("form"),
                    forms.join(QStringLiteral(", "))
                        + (main.heartbeatSample.isEmpty()
                               ? QString()
                               : QStringLiteral(": \"%1\"").arg(escaped(main.heartbeatSample))));
    if (keepAliveNs.size() < 2) {
        report->addFact(probe, QStringLiteral("interval"),
                        QStringLiteral("one heartbeat in %1: no interval").arg(duration(watched)));
        return;
    }
    QList<qint64> gaps;
    for (qsizetype i = 1; i < keepAliveNs.size(); ++i)
        gaps.append(keepAliveNs.at(i) - keepAliveNs.at(i - 1));
    double mean = 0;
    for (qint64 g : gaps)
        mean += double(g);
    mean /= double(gaps.size());
    double variance = 0;
    for (qint64 g : gaps)
        variance += (double(g) - mean) * (double(g) - mean);
    const double jitter = std::sqrt(variance / double(gaps.size()));
    const double usual = median(gaps);
    report->addFact(
        probe, QStringLiteral("interval"),
        QStringLiteral("%1 on the median, mean %2, jitter %3 (%4 heartbeats)")
            .arg(duration(qint64(usual)), duration(qint64(mean)), duration(qint64(jitter)))
            .arg(keepAliveNs.size()));

    if (usual >= double(inputs.silenceWarnMs * kNsPerMs)) {
        DoctorFinding f;
        f.id = QStringLiteral("heartbeat.slow");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("heartbeats every %1: as long as common idle timeouts")
                      .arg(duration(qint64(usual)));
        f.evidence.append(QStringLiteral("median interval %1 over %2 heartbeats")
                              .arg(duration(qint64(usual)))
                              .arg(keepAliveNs.size()));
        f.evidence.append(QStringLiteral("common idle timeouts: 30 s (CloudFront), 55 s "
                                         "(Heroku), 60 s (nginx, AWS ALB), 100 s (Cloudflare)"));
        f.fix = QStringLiteral("Send heartbeats at most every 15 s, well under the shortest "
                               "idle timeout on the way.");
        report->addFinding(f);
    }

    // A pause: a gap far past the usual interval after which heartbeats came one by one (a
    // gap that ends in a burst of them is buffering, which its own probe reports).
    qint64 pause = 0;
    qsizetype pauseAt = -1;
    for (qsizetype i = 0; i < gaps.size(); ++i) {
        const qint64 g = gaps.at(i);
        const bool burstAfter = i + 2 < keepAliveNs.size()
            && keepAliveNs.at(i + 2) - keepAliveNs.at(i + 1) < kBurstGapNs;
        if (g > pause && !burstAfter) {
            pause = g;
            pauseAt = i;
        }
    }
    if (gaps.size() >= 2 && pauseAt >= 0 && double(pause) > std::max(3 * usual, usual + 1e9)) {
        DoctorFinding f;
        f.id = QStringLiteral("heartbeat.gap");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("heartbeats stopped for %1 (usually every %2)")
                      .arg(duration(pause), duration(qint64(usual)));
        f.evidence.append(QStringLiteral("gap after heartbeat %1 of %2, %3 into the stream")
                              .arg(pauseAt + 1)
                              .arg(keepAliveNs.size())
                              .arg(duration(keepAliveNs.at(pauseAt) - main.openNs)));
        f.fix = QStringLiteral("Send heartbeats from a timer of their own that nothing blocks "
                               "(not from the code that produces events); a long pause meets "
                               "the idle timeouts of proxies and clients.");
        report->addFinding(f);
    }

    // What a page that resets a timer in onmessage sees: data events only.
    if (data == 0) {
        qint64 quiet = 0;
        qint64 prev = main.openNs;
        for (qint64 ns : messageNs) {
            quiet = std::max(quiet, ns - prev);
            prev = ns;
        }
        quiet = std::max(quiet, until - prev);
        report->addFact(probe, QStringLiteral("onmessage"),
                        QStringLiteral("heartbeats are invisible to it; the longest time without "
                                       "a message event was %1")
                            .arg(duration(quiet)));
        if (double(quiet) > std::max(3 * usual, 2e9)) {
            DoctorFinding f;
            f.id = QStringLiteral("heartbeat.invisible");
            f.severity = Severity::Info;
            f.title = QStringLiteral("heartbeats are %1s, which onmessage never sees: a page "
                                     "had no message for %2")
                          .arg(named ? QStringLiteral("named event") : QStringLiteral("comment"),
                               duration(quiet));
            f.evidence.append(QStringLiteral("heartbeat every %1; longest time without a "
                                             "message event %2")
                                  .arg(duration(qint64(usual)), duration(quiet)));
            if (!main.heartbeatSample.isEmpty())
                f.evidence.append(
                    QStringLiteral("heartbeat bytes: \"%1\"").arg(escaped(main.heartbeatSample)));
            f.fix = QStringLiteral("Fine for proxies. If pages reset a liveness timer in "
                                   "onmessage, send the heartbeat as a data event "
                                   "(\"data: ping\\n\\n\") or have them listen for it with "
                                   "addEventListener.");
            report->addFinding(f);
        }
    }
}

void DoctorAnalysis::lifetime(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("lifetime");
    const DoctorStream &main = *inputs.main;
    if (!main.opened()) {
        report->addCoverage(probe, false, QStringLiteral("the stream never opened"));
        if (main.ended && !main.attempt) {
            DoctorFinding f;
            f.id = QStringLiteral("response.failed");
            f.severity = Severity::Error;
            f.title = QStringLiteral("the request failed: %1").arg(main.endReason);
            f.evidence.append(QStringLiteral("after %1").arg(duration(main.endNs - main.startNs)));
            for (const QString &e : main.errors)
                f.evidence.append(e);
            f.fix = QStringLiteral("Check that the URL is right and the server reachable from "
                                   "here.");
            report->addFinding(f);
        } else if (main.ended && main.endStatus == 200) {
            // Opened with 200 but refused (its type, its head): the headers probe names why.
            report->addFact(probe, QStringLiteral("end"), main.endReason);
        } else if (!main.ended) {
            DoctorFinding f;
            f.id = QStringLiteral("response.no-head");
            f.severity = Severity::Error;
            f.title = QStringLiteral("no response in %1")
                          .arg(duration(main.observedUntilNs - main.startNs));
            f.evidence.append(QStringLiteral("the request was sent; no status line came back"));
            f.fix = QStringLiteral("The server accepts the request and does not answer: send the "
                                   "response head at once, before the first event. A buffering "
                                   "proxy in front holds the head with the first events until "
                                   "its buffer fills (nginx: proxy_buffering off, or "
                                   "X-Accel-Buffering: no from the application).");
            report->addFinding(f);
        }
        return;
    }
    if (!main.ended) {
        report->addCoverage(probe, true,
                            QStringLiteral("held open %1; limits longer than that were not "
                                           "measured")
                                .arg(duration(main.observedUntilNs - main.openNs)));
        report->addFact(probe, QStringLiteral("end"),
                        QStringLiteral("still open when the doctor stopped after %1")
                            .arg(duration(main.observedUntilNs - main.openNs)));
        return;
    }
    const qint64 open = main.endNs - main.openNs;
    const qint64 silence = main.silenceBefore(main.endNs);
    report->addCoverage(probe, true,
                        QStringLiteral("the stream ended after %1").arg(duration(open)));
    const QString how = endHow(main.endReason);

    // The stream's usual cadence: the median gap between its frames.
    QList<qint64> gaps;
    for (qsizetype i = 1; i < main.arrivals.size(); ++i)
        gaps.append(main.arrivals.at(i).ns - main.arrivals.at(i - 1).ns);
    const double cadence = median(gaps);
    const bool idle =
        silence >= 1000 * kNsPerMs && (main.arrivals.isEmpty() || double(silence) >= 3 * cadence);

    QStringList matches;
    QStringList settings;
    for (const KnownLimit &limit : knownLimits()) {
        const qint64 measured = limit.idle ? silence : open;
        if (limit.idle != idle)
            continue;
        const qint64 tolerance = std::max<qint64>(1500, limit.ms / 20) * kNsPerMs;
        if (std::llabs(measured - limit.ms * kNsPerMs) <= tolerance) {
            matches.append(QStringLiteral("%1 (%2 by default)")
                               .arg(QString::fromLatin1(limit.what), seconds(limit.ms)));
            settings.append(QString::fromLatin1(limit.setting));
        }
    }
    const QList<Intermediary> found =
        main.attempt ? intermediaries(*main.attempt) : QList<Intermediary>();

    DoctorFinding f;
    f.evidence.append(QStringLiteral("open for %1; the last frame arrived %2 before the end")
                          .arg(duration(open), duration(silence)));
    f.evidence.append(QStringLiteral("end: %1").arg(main.endReason));
    if (main.heartbeats + main.comments >= 2) {
        f.evidence.append(
            QStringLiteral("%1 heartbeats before the end").arg(main.heartbeats + main.comments));
    } else {
        f.evidence.append(QStringLiteral("no heartbeat before the end"));
    }
    // A framing error is no limit: the bytes themselves were wrong.
    const bool framing = main.endReason.contains(QStringLiteral("malformed"))
        || main.endReason.contains(QStringLiteral("Transfer-Encoding"))
        || main.endReason.startsWith(QStringLiteral("invalid response"));
    if (framing) {
        // nothing to match
    } else if (!matches.isEmpty()) {
        f.evidence.append(
            QStringLiteral("matches the default of %1").arg(matches.join(QStringLiteral(" or "))));
    } else if (idle || open >= 1000 * kNsPerMs) {
        f.evidence.append(
            QStringLiteral("matches no known default (nginx and AWS ALB 60 s, "
                           "Heroku 55 s, Cloudflare 100 s, CloudFront 30 s)%1")
                .arg(idle ? QStringLiteral(": a setting of about %1").arg(duration(silence))
                          : QString()));
    }
    for (const Intermediary &i : found)
        f.evidence.append(i.evidence);
    if (inputs.resumed && inputs.resumed->attempt && inputs.resumed->attempt->status != 200) {
        f.evidence.append(QStringLiteral("the reconnect was answered %1 %2")
                              .arg(inputs.resumed->attempt->status)
                              .arg(QString::fromUtf8(inputs.resumed->attempt->reason)));
    }
    QString where = settings.isEmpty() ? QString() : settings.join(QStringLiteral("; "));
    if (where.isEmpty() && has(found, QStringLiteral("nginx")))
        where = QStringLiteral("nginx: proxy_read_timeout");
    // "closed", "reset" or "cut"
    const QString verb = how.startsWith(QStringLiteral("cut"))
        ? QStringLiteral("cut")
        : how.section(QLatin1Char(' '), 0, 0);
    if (framing) {
        f.id = QStringLiteral("framing.broken");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the response's framing is broken after %1: %2")
                      .arg(duration(open), main.endReason);
        if (!main.errors.isEmpty())
            f.evidence.append(main.errors.constFirst());
        f.fix = QStringLiteral("Fix the body's framing: chunk sizes in hexadecimal, each chunk "
                               "followed by CRLF, no Content-Length on a stream; a proxy or "
                               "middleware that rewrites the body may be the one writing it.");
    } else if (idle) {
        f.id = QStringLiteral("idle.timeout");
        f.severity = Severity::Error;
        f.title =
            QStringLiteral("the stream was %1 after %2 of silence").arg(verb, duration(silence));
        f.fix = QStringLiteral("Send a heartbeat (a comment line) at least every %1, half the "
                               "limit, so the stream is never idle that long%2.")
                    .arg(duration(silence / 2),
                         where.isEmpty() ? QString()
                                         : QStringLiteral("; or raise the limit (%1)").arg(where));
    } else if (main.arrivals.isEmpty() && main.droppedArrivals == 0) {
        f.id = QStringLiteral("lifetime.limit");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("the stream was %1 after %2 open, before any event or comment")
                      .arg(verb, duration(open));
        f.fix = QStringLiteral("Keep the stream open and send events on it: a stream that ends "
                               "at once makes every client reconnect in a loop.");
    } else {
        f.id = QStringLiteral("lifetime.limit");
        f.severity = how.startsWith(QStringLiteral("closed")) ? Severity::Info : Severity::Warning;
        f.title = QStringLiteral("the stream was %1 after %2 open, while data was flowing")
                      .arg(verb, duration(open));
        f.fix = QStringLiteral("If the server ends streams on purpose, send ids and retry: so "
                               "that clients resume without a gap; if not, a limit on the way "
                               "ends them%1.")
                    .arg(where.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(where));
    }
    report->addFact(probe, QStringLiteral("end"),
                    QStringLiteral("%1 after %2 open, %3 of silence")
                        .arg(how, duration(open), duration(silence)));
    report->addFinding(f);
}

void DoctorAnalysis::resume(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("resume");
    const DoctorStream &main = *inputs.main;
    QList<const DoctorArrival *> events;
    int withIds = 0;
    for (const DoctorArrival &a : main.arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat) {
            events.append(&a);
            withIds += a.idInBlock ? 1 : 0;
        }
    }
    report->addFact(probe, QStringLiteral("retry"),
                    main.retrySeen ? QStringLiteral("retry: %1 sent").arg(main.retryMs)
                                   : QStringLiteral("not sent (browsers then wait about 3 s, "
                                                    "as they choose)"));
    if (events.size() < 2) {
        report->addCoverage(probe, false,
                            QStringLiteral("%1 event(s) arrived: too few to see ids or a replay")
                                .arg(events.size()));
        return;
    }
    report->addFact(
        probe, QStringLiteral("ids"),
        QStringLiteral("%1 of %2 events carried an id").arg(withIds).arg(events.size()));
    if (withIds == 0) {
        report->addCoverage(probe, false, QStringLiteral("no event carried an id to resume from"));
        DoctorFinding f;
        f.id = QStringLiteral("resume.no-ids");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("no event carries an id: a reconnecting client cannot resume");
        f.evidence.append(QStringLiteral("%1 events, none with an id: field").arg(events.size()));
        if (!main.samples.isEmpty())
            f.evidence.append(QStringLiteral("bytes: \"%1\"").arg(escaped(main.samples.first())));
        f.fix = QStringLiteral("Send \"id: <position>\" with every event and, when a request "
                               "carries Last-Event-ID, replay the events that followed it; "
                               "otherwise every reconnect loses what was sent meanwhile.");
        report->addFinding(f);
        return;
    }
    if (!inputs.resumeSkipped.isEmpty()) {
        report->addCoverage(probe, false, inputs.resumeSkipped);
        return;
    }
    if (!inputs.resumed) {
        report->addCoverage(probe, false, QStringLiteral("no reconnect was made"));
        return;
    }
    const DoctorStream &r = *inputs.resumed;
    const QString sent = QString::fromUtf8(inputs.resumeId);
    if (!r.opened()) {
        report->addCoverage(probe, true,
                            QStringLiteral("a reconnect with Last-Event-ID: %1").arg(sent));
        if (r.attempt && r.attempt->status == 204) {
            report->addFact(probe, QStringLiteral("reconnect"),
                            QStringLiteral("204: the server told the client to stop"));
            return;
        }
        if (!inputs.reconnectMethod.isEmpty()) {
            // A POST's stream asked for again with GET: a way to resume, not the only one.
            report->addFact(probe, QStringLiteral("reconnect"),
                            QStringLiteral("GET with Last-Event-ID: %1 (as MCP resumes a POST's "
                                           "stream) failed: %2; resending the body was not "
                                           "tried (--retry-post tries it)")
                                .arg(sent, r.ended ? r.endReason : QStringLiteral("no response")));
            return;
        }
        DoctorFinding f;
        f.id = QStringLiteral("resume.failed");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the reconnect with Last-Event-ID failed: %1")
                      .arg(r.ended ? r.endReason : QStringLiteral("no response"));
        f.evidence.append(QStringLiteral("Last-Event-ID: %1").arg(sent));
        if (r.attempt)
            f.evidence.append(QStringLiteral("status %1 %2")
                                  .arg(r.attempt->status)
                                  .arg(QString::fromUtf8(r.attempt->reason)));
        f.fix = QStringLiteral("Accept a reconnect that carries Last-Event-ID like the first "
                               "request: 200 and the events after that id.");
        report->addFinding(f);
        return;
    }

    qsizetype from = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events.at(i)->idInBlock && events.at(i)->id == inputs.resumeId) {
            from = i;
            break;
        }
    }
    QList<const DoctorArrival *> expected =
        from < 0 ? QList<const DoctorArrival *>() : events.mid(from + 1);
    QList<const DoctorArrival *> got;
    for (const DoctorArrival &a : r.arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat)
            got.append(&a);
    }
    if (expected.isEmpty()) {
        report->addCoverage(probe, false,
                            QStringLiteral("no event followed id %1 on the first stream to "
                                           "compare a replay with")
                                .arg(sent));
        return;
    }
    report->addCoverage(probe, true,
                        QStringLiteral("a reconnect with Last-Event-ID: %1 against the %2 "
                                       "event(s) the first stream had after it")
                            .arg(sent, QString::number(expected.size())));
    auto idText = [](const DoctorArrival *a) {
        return a->idInBlock ? QString::fromUtf8(a->id) : QStringLiteral("(none)");
    };
    DoctorFinding f;
    f.evidence.append(QStringLiteral("reconnected%1 with Last-Event-ID: %2; the first stream "
                                     "had %3 event(s) after it, ids %4..%5")
                          .arg(inputs.reconnectMethod.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (%1, the body not resent)")
                                         .arg(QString::fromLatin1(inputs.reconnectMethod)),
                               sent, QString::number(expected.size()), idText(expected.first()),
                               idText(expected.last())));
    if (got.isEmpty()) {
        f.id = QStringLiteral("resume.no-replay");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the reconnect replayed nothing: %1 event(s) after id %2 "
                                 "never came again")
                      .arg(expected.size())
                      .arg(sent);
        f.evidence.append(QStringLiteral("no event on the reconnect within %1")
                              .arg(duration(r.observedUntilNs - r.openNs)));
        f.fix = QStringLiteral("Keep recent events and, when a request carries "
                               "Last-Event-ID, send the ones after it before going live.");
        report->addFinding(f);
        return;
    }
    // Where the replay started, on the first stream.
    qsizetype start = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (got.first()->idInBlock && events.at(i)->idInBlock
            && events.at(i)->id == got.first()->id) {
            start = i;
            break;
        }
    }
    f.evidence.append(
        QStringLiteral("the reconnect's first event: id %1").arg(idText(got.first())));
    if (start < 0) {
        f.id = QStringLiteral("resume.mismatch");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the reconnect started at id %1, which the first stream never "
                                 "sent after %2")
                      .arg(idText(got.first()), sent);
        f.fix = QStringLiteral("Replay the same events under the same ids: a resumed stream "
                               "must go on from Last-Event-ID, not start another.");
        report->addFinding(f);
        return;
    }
    if (start <= from) {
        f.id = QStringLiteral("resume.repeat");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("the reconnect repeated %1 event(s) the client already had")
                      .arg(from - start + 1);
        f.fix = QStringLiteral("Replay only the events after Last-Event-ID, not the one it names "
                               "or earlier ones.");
        report->addFinding(f);
        return;
    }
    if (start > from + 1) {
        f.id = QStringLiteral("resume.gap");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the reconnect skipped %1 event(s) after id %2")
                      .arg(start - from - 1)
                      .arg(sent);
        f.evidence.append(QStringLiteral("missing: ids %1..%2")
                              .arg(idText(events.at(from + 1)), idText(events.at(start - 1))));
        f.fix = QStringLiteral("Keep recent events (long enough to cover a reconnect) and, when "
                               "a request carries Last-Event-ID, send the ones after it before "
                               "going live.");
        report->addFinding(f);
        return;
    }
    const qsizetype n = std::min(expected.size(), got.size());
    qsizetype otherData = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const DoctorArrival *want = expected.at(i);
        const DoctorArrival *have = got.at(i);
        if (want->id != have->id || want->idInBlock != have->idInBlock) {
            f.id = QStringLiteral("resume.order");
            f.severity = Severity::Error;
            f.title = QStringLiteral("the replay diverged after %1 matching event(s)").arg(i);
            f.evidence.append(QStringLiteral("event %1 of the replay: id %2, the first stream "
                                             "had id %3")
                                  .arg(i + 1)
                                  .arg(idText(have), idText(want)));
            f.fix = QStringLiteral("Replay exactly the events that followed Last-Event-ID, in "
                                   "order, each once.");
            report->addFinding(f);
            return;
        }
        // Other data under the same id may be a server that regenerates events (a timestamp
        // of the sending): said, not judged.
        otherData += want->dataHash != have->dataHash ? 1 : 0;
    }
    if (otherData > 0) {
        report->addFact(probe, QStringLiteral("replayed data"),
                        QStringLiteral("%1 of the %2 replayed event(s) carried other data than "
                                       "the first time under the same id (regenerated?)")
                            .arg(otherData)
                            .arg(n));
    }
    report->addFact(probe, QStringLiteral("replay"),
                    QStringLiteral("exactly the %1 event(s) after id %2, in order (ids %3..%4)")
                        .arg(n)
                        .arg(sent, idText(got.first()), idText(got.at(n - 1))));
}

DoctorAnalysis::Preflight
DoctorAnalysis::preflightFor(const QByteArray &method,
                             const QList<QPair<QByteArray, QByteArray>> &headers, bool cookies)
{
    Preflight out;
    out.method = method;
    out.credentials = cookies;
    QSet<QByteArray> names;
    for (const auto &[rawName, value] : headers) {
        const QByteArray name = rawName.toLower();
        if (name == "cookie") {
            out.credentials = true;
            continue;
        }
        // What a browser sets itself, not the page.
        if (name == "origin" || name == "last-event-id" || name == "accept-encoding"
            || name == "user-agent" || name == "host" || name == "connection"
            || name == "cache-control" || name == "content-length")
            continue;
        bool safelisted = value.size() <= 128
            && (name == "accept" || name == "accept-language" || name == "content-language");
        if (name == "content-type") {
            const QByteArray type = mediaType(value);
            safelisted = value.size() <= 128
                && (type == "application/x-www-form-urlencoded" || type == "multipart/form-data"
                    || type == "text/plain");
        }
        if (!safelisted)
            names.insert(name);
    }
    out.headers = names.values();
    std::sort(out.headers.begin(), out.headers.end());
    out.needed =
        !out.headers.isEmpty() || (method != "GET" && method != "HEAD" && method != "POST");
    return out;
}

void DoctorAnalysis::cors(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("cors");
    if (inputs.origin.isEmpty()) {
        report->addCoverage(probe, false, QStringLiteral("asked without an Origin"));
        return;
    }
    const QString origin = QString::fromUtf8(inputs.origin);
    const Preflight &asked = inputs.preflightAsked;
    auto listed = [](const QByteArray &list, const QByteArray &name) {
        for (const QByteArray &item : list.split(',')) {
            if (item.trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    auto allowsOrigin = [&](const QByteArray &value) {
        return value.trimmed() == inputs.origin || (value.trimmed() == "*" && !asked.credentials);
    };

    // The preflight, when the request needs one.
    bool preflightPassed = !asked.needed;
    if (!asked.needed) {
        report->addFact(probe, QStringLiteral("preflight"),
                        QStringLiteral("none needed: %1 with CORS-safelisted headers only")
                            .arg(QString::fromLatin1(asked.method)));
    } else if (!inputs.preflight || !inputs.preflight->attempt) {
        report->addCoverage(probe, false,
                            inputs.preflight && inputs.preflight->ended
                                ? QStringLiteral("the preflight (OPTIONS) failed: %1")
                                      .arg(inputs.preflight->endReason)
                                : QStringLiteral("the preflight (OPTIONS) was not answered"));
        return;
    } else {
        const AttemptInfo &p = *inputs.preflight->attempt;
        QStringList problems;
        QStringList fixes;
        QByteArray value;
        if (p.status < 200 || p.status > 299) {
            problems.append(QStringLiteral("it was answered %1 %2, not 2xx")
                                .arg(p.status)
                                .arg(QString::fromUtf8(p.reason)));
            fixes.append(QStringLiteral("answer OPTIONS on this URL with 204 and the "
                                        "Access-Control-Allow-* headers"));
        }
        if (!header(p, "access-control-allow-origin", &value)) {
            problems.append(QStringLiteral("no Access-Control-Allow-Origin"));
            fixes.append(QStringLiteral("send Access-Control-Allow-Origin: %1 (the allowed "
                                        "origin)")
                             .arg(origin));
        } else if (!allowsOrigin(value)) {
            problems.append(asked.credentials && value.trimmed() == "*"
                                ? QStringLiteral("Access-Control-Allow-Origin: * with "
                                                 "credentials")
                                : QStringLiteral("Access-Control-Allow-Origin: %1 is not %2")
                                      .arg(QString::fromUtf8(value), origin));
            fixes.append(QStringLiteral("echo the allowed Origin in Access-Control-Allow-Origin "
                                        "(with Vary: Origin)"));
        }
        if (asked.credentials
            && (!header(p, "access-control-allow-credentials", &value)
                || value.trimmed().toLower() != "true")) {
            problems.append(QStringLiteral("no Access-Control-Allow-Credentials: true for a "
                                           "request with cookies"));
            fixes.append(QStringLiteral("send Access-Control-Allow-Credentials: true"));
        }
        const bool simpleMethod =
            asked.method == "GET" || asked.method == "HEAD" || asked.method == "POST";
        header(p, "access-control-allow-methods", &value);
        if (!simpleMethod && !listed(value, asked.method)
            && !(value.trimmed() == "*" && !asked.credentials)) {
            problems.append(QStringLiteral("Access-Control-Allow-Methods does not list %1")
                                .arg(QString::fromLatin1(asked.method)));
            fixes.append(QStringLiteral("list %1 in Access-Control-Allow-Methods")
                             .arg(QString::fromLatin1(asked.method)));
        }
        header(p, "access-control-allow-headers", &value);
        QStringList missing;
        for (const QByteArray &name : asked.headers) {
            const bool wildcard =
                listed(value, "*") && !asked.credentials && name != "authorization";
            if (!listed(value, name) && !wildcard)
                missing.append(QString::fromLatin1(name));
        }
        if (!missing.isEmpty()) {
            problems.append(
                QStringLiteral("Access-Control-Allow-Headers does not allow %1%2")
                    .arg(missing.join(QStringLiteral(", ")),
                         missing.contains(QStringLiteral("authorization")) && listed(value, "*")
                             ? QStringLiteral(" (* never covers Authorization)")
                             : QString()));
            fixes.append(QStringLiteral("list %1 in Access-Control-Allow-Headers")
                             .arg(missing.join(QStringLiteral(", "))));
        }
        report->addCoverage(probe, true,
                            QStringLiteral("a preflight (OPTIONS) as a page on %1 would send "
                                           "it")
                                .arg(origin));
        if (header(p, "access-control-max-age", &value)) {
            report->addFact(
                probe, QStringLiteral("preflight cache"),
                QStringLiteral("Access-Control-Max-Age: %1 s").arg(QString::fromUtf8(value)));
        }
        preflightPassed = problems.isEmpty();
        if (preflightPassed) {
            report->addFact(probe, QStringLiteral("preflight"),
                            QStringLiteral("OPTIONS answered %1; %2 from %3 allowed")
                                .arg(p.status)
                                .arg(QString::fromLatin1(asked.method), origin));
        } else {
            DoctorFinding f;
            f.id = QStringLiteral("cors.preflight");
            f.severity = Severity::Warning;
            f.title = QStringLiteral("a page on another origin cannot send this request: the "
                                     "preflight fails (%1)")
                          .arg(problems.constFirst());
            f.evidence.append(
                QStringLiteral("OPTIONS with Origin: %1, "
                               "Access-Control-Request-Method: %2%3")
                    .arg(origin, QString::fromLatin1(asked.method),
                         asked.headers.isEmpty()
                             ? QString()
                             : QStringLiteral(", Access-Control-Request-Headers: "
                                              "%1")
                                   .arg(QString::fromLatin1(asked.headers.join(',')))));
            f.evidence.append(
                QStringLiteral("answered %1 %2").arg(p.status).arg(QString::fromUtf8(p.reason)));
            for (const auto &field : p.responseHeaders) {
                if (field.first.toLower().startsWith("access-control-"))
                    f.evidence.append(line(field.first, field.second));
            }
            for (const QString &problem : problems)
                f.evidence.append(QStringLiteral("refused: %1").arg(problem));
            f.fix = QStringLiteral("If pages on other origins use the stream (fetch() with "
                                   "these headers, as LLM and MCP clients do): %1.")
                        .arg(fixes.join(QStringLiteral("; ")));
            report->addFinding(f);
        }
    }

    // The stream's own response, which the browser checks again.
    const DoctorStream &main = *inputs.main;
    if (!main.attempt || main.attempt->status != 200) {
        if (!asked.needed)
            report->addCoverage(probe, false, QStringLiteral("the stream was not answered 200"));
        return;
    }
    if (!asked.needed) {
        report->addCoverage(
            probe, true,
            QStringLiteral("the stream's response, asked with Origin: %1").arg(origin));
    }
    const AttemptInfo &a = *main.attempt;
    QByteArray value;
    QByteArray credentials;
    header(a, "access-control-allow-credentials", &credentials);
    if (!header(a, "access-control-allow-origin", &value)) {
        if (asked.needed && preflightPassed) {
            DoctorFinding f;
            f.id = QStringLiteral("cors.response");
            f.severity = Severity::Warning;
            f.title = QStringLiteral("the preflight allows %1, but the stream's response has no "
                                     "Access-Control-Allow-Origin: the browser refuses it")
                          .arg(origin);
            f.evidence.append(QStringLiteral("Access-Control-Allow-Origin: (absent) on the "
                                             "200 response"));
            f.fix = QStringLiteral("Send the same Access-Control-Allow-Origin on the stream's "
                                   "response as on the preflight's.");
            report->addFinding(f);
        } else {
            report->addFact(probe, QStringLiteral("CORS"),
                            QStringLiteral("no Access-Control-Allow-Origin for Origin: %1: only "
                                           "pages of the stream's own origin can read it")
                                .arg(origin));
        }
    } else if (value.trimmed() == "*" && credentials.trimmed().toLower() == "true") {
        DoctorFinding f;
        f.id = QStringLiteral("headers.cors");
        f.severity = Severity::Error;
        f.title = QStringLiteral("CORS: Access-Control-Allow-Origin: * with credentials, "
                                 "which browsers refuse");
        f.evidence.append(line("Access-Control-Allow-Origin", value));
        f.evidence.append(line("Access-Control-Allow-Credentials", credentials));
        f.fix = QStringLiteral("Echo the request's Origin (from an allow list) instead of * "
                               "when the stream is read withCredentials, and add Vary: "
                               "Origin.");
        report->addFinding(f);
    } else {
        report->addFact(probe, QStringLiteral("CORS"),
                        QStringLiteral("Access-Control-Allow-Origin: %1 (asked as Origin: %2)")
                            .arg(QString::fromUtf8(value), origin));
    }
}

void DoctorAnalysis::ending(const Inputs &inputs, DoctorReport *report)
{
    const QString probe = QStringLiteral("end");
    const DoctorStream &main = *inputs.main;
    if (!main.ended || !main.endReason.startsWith(QStringLiteral("stream ended"))) {
        report->addCoverage(probe, false,
                            QStringLiteral("the server did not end the stream within the run: "
                                           "what a client gets after its last event was not "
                                           "asked"));
        return;
    }
    if (!inputs.final) {
        report->addCoverage(probe, false,
                            inputs.resumeSkipped.isEmpty()
                                ? QStringLiteral("no event with an id, or the run ended first: "
                                                 "no reconnect after the last event was made")
                                : inputs.resumeSkipped);
        return;
    }
    const DoctorStream &r = *inputs.final;
    const QString id = QString::fromUtf8(inputs.finalId);
    const QString how = inputs.reconnectMethod.isEmpty()
        ? QString()
        : QStringLiteral(" (%1)").arg(QString::fromLatin1(inputs.reconnectMethod));
    report->addCoverage(probe, true,
                        QStringLiteral("a reconnect%1 with the last event's id (Last-Event-ID: "
                                       "%2) after the server ended the stream")
                            .arg(how, id));
    const qint64 retry = main.retrySeen ? main.retryMs : 3000;
    const QString retryText = main.retrySeen
        ? QStringLiteral("every %1 (its retry:)")
              .arg(duration(std::min(retry, std::numeric_limits<qint64>::max() / kNsPerMs)
                            * kNsPerMs))
        : QStringLiteral("about every 3 s (no retry: was sent)");
    if (!r.opened()) {
        if (r.attempt && r.attempt->status == 204) {
            report->addFact(probe, QStringLiteral("after the last event"),
                            QStringLiteral("204 No Content: EventSource stops reconnecting, as "
                                           "it should after a finished stream"));
        } else if (r.attempt) {
            report->addFact(probe, QStringLiteral("after the last event"),
                            QStringLiteral("answered %1 %2: EventSource reports an error and "
                                           "stops (204 stops it without an error)")
                                .arg(r.attempt->status)
                                .arg(QString::fromUtf8(r.attempt->reason)));
        } else {
            report->addFact(probe, QStringLiteral("after the last event"),
                            r.ended ? r.endReason : QStringLiteral("no response"));
        }
        return;
    }
    QList<const DoctorArrival *> events;
    for (const DoctorArrival &a : r.arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat)
            events.append(&a);
    }
    if (events.isEmpty()) {
        if (!r.ended) {
            report->addFact(probe, QStringLiteral("after the last event"),
                            QStringLiteral("the reconnect was held open with no event for %1 "
                                           "(waiting for more)")
                                .arg(duration(r.observedUntilNs - r.openNs)));
            return;
        }
        DoctorFinding f;
        f.id = QStringLiteral("end.loop");
        f.severity = Severity::Info;
        f.title = QStringLiteral("after the last event a reconnect gets an empty stream: "
                                 "EventSource clients reconnect %1 forever")
                      .arg(retryText);
        f.evidence.append(QStringLiteral("Last-Event-ID: %1 answered 200, then %2 after %3 with "
                                         "no event")
                              .arg(id, endHow(r.endReason), duration(r.endNs - r.openNs)));
        f.fix = QStringLiteral("Answer a reconnect after the stream's last event with 204 No "
                               "Content: EventSource then stops for good.");
        report->addFinding(f);
        return;
    }
    // The same stream again: its first event's id (or data, without ids) was on the first one.
    const DoctorArrival *first = events.first();
    bool again = false;
    for (const DoctorArrival &a : main.arrivals) {
        if (a.kind != DoctorArrival::Kind::Event || a.heartbeat)
            continue;
        again = first->idInBlock ? (a.idInBlock && a.id == first->id)
                                 : (!a.idInBlock && a.dataHash == first->dataHash);
        if (again)
            break;
        if (!first->idInBlock)
            break; // only the first event's data is compared
    }
    const QString firstId =
        first->idInBlock ? QString::fromUtf8(first->id) : QStringLiteral("(none)");
    if (again) {
        DoctorFinding f;
        f.id = QStringLiteral("end.restart");
        f.severity = Severity::Warning;
        f.title = QStringLiteral("a reconnect after the last event starts the stream again: "
                                 "EventSource clients receive it over and over, %1")
                      .arg(retryText);
        f.evidence.append(QStringLiteral("the server ended the stream after id %1; a reconnect "
                                         "with Last-Event-ID: %1 got %2 event(s) starting at "
                                         "id %3, which the first stream had sent")
                              .arg(id, QString::number(r.events), firstId));
        f.fix = QStringLiteral("Answer a reconnect whose Last-Event-ID is a finished stream's "
                               "last event with 204 No Content (EventSource stops), or send a "
                               "final event on which the client calls close().");
        report->addFinding(f);
        return;
    }
    report->addFact(probe, QStringLiteral("after the last event"),
                    QStringLiteral("the stream goes on: %1 new event(s) from id %2")
                        .arg(r.events)
                        .arg(firstId));
}

void DoctorAnalysis::resend(const Inputs &inputs, DoctorReport *report)
{
    if (!inputs.hasBody)
        return; // a request without a body is sent again as browsers do
    const QString probe = QStringLiteral("resend");
    if (!inputs.resentBody) {
        report->addCoverage(probe, false,
                            QStringLiteral("the request has a body: sending it again may start "
                                           "a second generation (and a second charge); "
                                           "--retry-post tries it"));
        return;
    }
    // The first reconnect sent the body again: compare what it answered with the first
    // response, event by event from the start (or from Last-Event-ID).
    const DoctorStream *r = inputs.resumed;
    if (!r || !r->opened()) {
        report->addCoverage(
            probe, false,
            r && r->ended ? QStringLiteral("the request sent again failed: %1").arg(r->endReason)
                          : QStringLiteral("the request was not sent again"));
        return;
    }
    QList<const DoctorArrival *> first;
    for (const DoctorArrival &a : inputs.main->arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat)
            first.append(&a);
    }
    QList<const DoctorArrival *> again;
    for (const DoctorArrival &a : r->arrivals) {
        if (a.kind == DoctorArrival::Kind::Event && !a.heartbeat)
            again.append(&a);
    }
    if (first.isEmpty() || again.isEmpty()) {
        report->addCoverage(probe, false,
                            QStringLiteral("no events to compare (%1 the first time, %2 when "
                                           "sent again)")
                                .arg(first.size())
                                .arg(again.size()));
        return;
    }
    // With Last-Event-ID the answer should go on after that id: compare from there.
    qsizetype from = 0;
    if (!inputs.resumeId.isEmpty()) {
        for (qsizetype i = 0; i < first.size(); ++i) {
            if (first.at(i)->idInBlock && first.at(i)->id == inputs.resumeId) {
                from = i + 1;
                break;
            }
        }
    }
    const qsizetype n = std::min(first.size() - from, again.size());
    qsizetype same = 0;
    for (qsizetype i = 0; i < n; ++i)
        same += first.at(from + i)->dataHash == again.at(i)->dataHash ? 1 : 0;
    report->addCoverage(probe, true,
                        QStringLiteral("the request with its body sent again%1, %2 event(s) "
                                       "compared")
                            .arg(inputs.resumeId.isEmpty()
                                     ? QString()
                                     : QStringLiteral(" with Last-Event-ID: %1")
                                           .arg(QString::fromUtf8(inputs.resumeId)),
                                 QString::number(n)));
    if (n > 0 && same == n) {
        report->addFact(probe, QStringLiteral("sent again"),
                        inputs.resumeId.isEmpty()
                            ? QStringLiteral("the same %1 event(s) as the first time: the "
                                             "response is repeated (deterministic, or "
                                             "cached), the work may be done again")
                                  .arg(n)
                            : QStringLiteral("the %1 event(s) after Last-Event-ID, as the "
                                             "first time: a retry resumes")
                                  .arg(n));
        return;
    }
    DoctorFinding f;
    f.id = QStringLiteral("resend.regenerates");
    f.severity = Severity::Warning;
    f.title = QStringLiteral("sending the request's body again gave another response: a client "
                             "that retries starts the work (and its cost) again");
    f.evidence.append(QStringLiteral("%1 of the %2 compared event(s) carried other data than "
                                     "the first time")
                          .arg(n - same)
                          .arg(n));
    if (!inputs.resumeId.isEmpty())
        f.evidence.append(
            QStringLiteral("sent with Last-Event-ID: %1").arg(QString::fromUtf8(inputs.resumeId)));
    f.fix = QStringLiteral("Make a retry safe: give the generation an id the client can "
                           "resume with (a GET with Last-Event-ID, as MCP's Streamable HTTP "
                           "does), or honour an Idempotency-Key and replay the first response; "
                           "otherwise tell clients not to retry the POST.");
    report->addFinding(f);
}
