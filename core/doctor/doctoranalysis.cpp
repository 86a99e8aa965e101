// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "doctoranalysis.h"

#include <QSet>

#include <algorithm>
#include <cmath>

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
    bool held() const
    {
        const double spread = maxStamp - minStamp;
        return keepAlives >= 2 || (std::isfinite(spread) && spread >= kHeldMs);
    }
};

QList<Burst> bursts(const DoctorStream &stream)
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
            if (std::isfinite(f.stampLatencyMs)) {
                b.minStamp = std::isfinite(b.minStamp) ? std::min(b.minStamp, f.stampLatencyMs)
                                                       : f.stampLatencyMs;
                b.maxStamp = std::isfinite(b.maxStamp) ? std::max(b.maxStamp, f.stampLatencyMs)
                                                       : f.stampLatencyMs;
            }
        }
        b.count = j - i;
        b.spanNs = a.at(j - 1).ns - a.at(i).ns;
        out.append(b);
        i = j;
    }
    return out;
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
                        .arg(QString::fromLatin1(a.protocol.isEmpty() ? "?" : a.protocol))
                        .arg(a.status)
                        .arg(QString::fromUtf8(a.reason), QString::fromLatin1(a.transport)));

    QByteArray value;
    if (a.status != 200) {
        DoctorFinding f;
        f.id = QStringLiteral("response.status");
        f.severity = Severity::Error;
        f.title = QStringLiteral("the stream's request was answered %1 %2, not 200")
                      .arg(a.status)
                      .arg(QString::fromUtf8(a.reason));
        f.evidence.append(QStringLiteral("status line: %1 %2 %3")
                              .arg(QString::fromLatin1(a.protocol))
                              .arg(a.status)
                              .arg(QString::fromUtf8(a.reason)));
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

    if (!inputs.origin.isEmpty() && a.status == 200) {
        QByteArray credentials;
        header(a, "access-control-allow-credentials", &credentials);
        if (!header(a, "access-control-allow-origin", &value)) {
            report->addFact(probe, QStringLiteral("CORS"),
                            QStringLiteral("no Access-Control-Allow-Origin for Origin: %1: only "
                                           "pages of the stream's own origin can read it")
                                .arg(QString::fromUtf8(inputs.origin)));
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
                                .arg(QString::fromUtf8(value), QString::fromUtf8(inputs.origin)));
        }
    }

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
    qint64 stamped = 0;
    for (const DoctorArrival &a : main.arrivals)
        stamped += std::isfinite(a.stampLatencyMs) ? 1 : 0;
    if (main.heartbeats + main.comments < 2 && stamped < 2) {
        report->addCoverage(probe, false,
                            QStringLiteral("the stream carried fewer than two heartbeats and no "
                                           "timestamps of its own: bursts cannot be told from "
                                           "a server that writes in batches"));
        return;
    }
    report->addCoverage(
        probe, true,
        QStringLiteral("%1 frames' arrival times against the heartbeats' "
                       "cadence%2%3")
            .arg(main.arrivals.size())
            .arg(stamped ? QStringLiteral(" and their own timestamps") : QString())
            .arg(main.droppedArrivals > 0
                     ? QStringLiteral(" (the first ones: %1 more were counted, not kept)")
                           .arg(main.droppedArrivals)
                     : QString()));

    const QList<Burst> all = bursts(main);
    QList<Burst> held;
    for (const Burst &b : all) {
        if (b.held())
            held.append(b);
    }
    // Heartbeats that arrived alone but whose stamps say they waited.
    double minStamp = std::nan("");
    for (const DoctorArrival &a : main.arrivals) {
        if (std::isfinite(a.stampLatencyMs))
            minStamp =
                std::isfinite(minStamp) ? std::min(minStamp, a.stampLatencyMs) : a.stampLatencyMs;
    }
    double maxWait = 0;
    for (const DoctorArrival &a : main.arrivals) {
        if (std::isfinite(a.stampLatencyMs))
            maxWait = std::max(maxWait, a.stampLatencyMs - minStamp);
    }
    if (std::isfinite(minStamp)) {
        report->addFact(probe, QStringLiteral("heartbeat delay"),
                        QStringLiteral("up to %1 ms beyond the quickest heartbeat")
                            .arg(QString::number(maxWait, 'f', 0)));
    }
    if (held.isEmpty() && maxWait < 4 * kHeldMs) {
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
            f.evidence.append(QStringLiteral("the heartbeats' own timestamps in that burst span "
                                             "%1 ms: sent apart, delivered together")
                                  .arg(QString::number(spread, 'f', 0)));
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
        qint64 heldFrames = 0;
        for (const Burst &b : held)
            heldFrames += b.count;
        f.evidence.append(QStringLiteral("%1 of %2 frames arrived in %3 such burst(s)")
                              .arg(heldFrames)
                              .arg(main.arrivals.size())
                              .arg(held.size()));
    } else {
        f.title = QStringLiteral("buffered: heartbeats arrived up to %1 later than sent")
                      .arg(duration(qint64(maxWait * double(kNsPerMs))));
    }
    if (std::isfinite(minStamp) && maxWait >= kHeldMs) {
        f.evidence.append(QStringLiteral("heartbeat stamps: the longest-held one arrived %1 ms "
                                         "later than the quickest")
                              .arg(QString::number(maxWait, 'f', 0)));
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
        f.fix = QStringLiteral("Turn off response buffering for text/event-stream in %1, and "
                               "flush after every event in the application.")
                    .arg(names(found));
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
                            .arg(sent)
                            .arg(expected.size()));
    auto idText = [](const DoctorArrival *a) {
        return a->idInBlock ? QString::fromUtf8(a->id) : QStringLiteral("(none)");
    };
    DoctorFinding f;
    f.evidence.append(QStringLiteral("reconnected with Last-Event-ID: %1; the first stream had "
                                     "%2 event(s) after it, ids %3..%4")
                          .arg(sent)
                          .arg(expected.size())
                          .arg(idText(expected.first()), idText(expected.last())));
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
