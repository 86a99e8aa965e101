// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The doctor's reading of what a server sent: an event's own time from its data and its id
// (DoctorStream::sentTime, idTime), and the probes (DoctorAnalysis) over streams the input
// writes record by record (events with any id and data, comments, heartbeat stamps, response
// heads with any fields and status, ends with any reason) for the first stream, the resume
// reconnect, the reconnect after the last event and the CORS preflight. Nothing crashes; a
// time read is a plausible one at a known resolution from a known field; the arrivals bound
// holds; every finding has an id, a title, evidence and a fix; the JSON report is one object;
// the HTML page (DoctorHtml, with the timeline's plots) is bounded and inert: nothing the
// server sent becomes markup.
#include "doctor/doctoranalysis.h"
#include "doctor/doctorhtml.h"
#include "doctor/doctorstream.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr qint64 kMs = 1000000;

void require(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz_doctor: %s\n", what);
        std::abort();
    }
}

void checkTimes(QByteArrayView bytes)
{
    double ms = 0;
    double resolution = 0;
    QByteArray field;
    if (DoctorStream::sentTime(bytes, &ms, &resolution, &field)) {
        require(std::isfinite(ms) && ms >= 978307200000.0 && ms < 1e13, "a data time in range");
        require(resolution == 1 || resolution == 1000, "a data time's resolution");
        require(!field.isEmpty(), "a data time names its field");
    }
    if (DoctorStream::idTime(bytes, &ms, &resolution)) {
        require(std::isfinite(ms) && ms >= 978307200000.0 && ms < 1e13, "an id time in range");
        require(resolution == 1 || resolution == 1000, "an id time's resolution");
    }
}

// Reads records from the input: an op byte, a time step (ms), a length, the payload.
class Writer
{
public:
    Writer(const uint8_t *data, size_t size)
        : m_data(data)
        , m_size(size)
    { }

    bool next(uint8_t *op, qint64 *stepMs, QByteArray *payload)
    {
        if (m_at + 3 > m_size)
            return false;
        *op = m_data[m_at];
        *stepMs = qint64(m_data[m_at + 1]) * 10;
        const size_t n = std::min<size_t>(m_data[m_at + 2], m_size - m_at - 3);
        *payload = QByteArray(reinterpret_cast<const char *>(m_data + m_at + 3), qsizetype(n));
        m_at += 3 + n;
        return true;
    }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_at = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView whole(reinterpret_cast<const char *>(data), qsizetype(size));
    checkTimes(whole);
    if (size < 1)
        return 0;
    const int maxArrivals = 1 + data[0] % 48;
    DoctorStream streams[4] = {DoctorStream(maxArrivals), DoctorStream(maxArrivals),
                               DoctorStream(maxArrivals), DoctorStream(maxArrivals)};
    for (DoctorStream &s : streams)
        s.wallOffsetMs = 1700000000000.0;
    int target = 0;
    qint64 ns = kMs;
    Writer writer(data + 1, size - 1);
    uint8_t op = 0;
    qint64 stepMs = 0;
    QByteArray payload;
    qint64 reads = 0;
    while (writer.next(&op, &stepMs, &payload)) {
        ns += stepMs * kMs;
        ClientRecord r;
        r.monotonicNs = ns;
        r.readNo = ++reads;
        r.readBytes = payload.size();
        switch (op % 7) {
        case 0: { // an event: id \x1f data \x1f type
            const QList<QByteArray> parts = payload.split('\x1f');
            r.kind = ClientRecord::Kind::Event;
            r.event.id = parts.value(0);
            r.event.idInBlock = op & 0x80;
            r.event.data = parts.value(1);
            r.event.type = parts.size() > 2 ? parts.at(2) : QByteArrayLiteral("message");
            r.raw = payload;
            r.rawSize = payload.size();
            checkTimes(r.event.data);
            break;
        }
        case 1:
            r.kind = ClientRecord::Kind::Comment;
            r.text = payload;
            break;
        case 2:
            r.kind = ClientRecord::Kind::Ping;
            r.latencyMs = payload.isEmpty() ? std::nan("") : double(int8_t(payload.at(0))) * 20;
            break;
        case 3: { // a response head: status from the op, fields "name: value" a line
            auto attempt = std::make_shared<AttemptInfo>();
            attempt->status = (op & 0x80) ? 200 : 100 + (op >> 3) * 13;
            attempt->protocol = "http/1.1";
            attempt->transport = (op & 0x40) ? "qnam" : "wire";
            for (const QByteArray &line : payload.split('\n')) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    attempt->responseHeaders.append({line.left(colon), line.mid(colon + 1)});
            }
            r.kind = ClientRecord::Kind::State;
            r.state = attempt->status == 200 ? ClientState::Open : ClientState::Failed;
            r.httpStatus = attempt->status;
            r.attempt = attempt;
            break;
        }
        case 4: { // an end
            static const char *const reasons[] = {"stream ended", "connection reset (TCP RST)",
                                                  "malformed chunk size", "idle", ""};
            r.kind = ClientRecord::Kind::State;
            r.state = (op & 0x80) ? ClientState::Closed : ClientState::Failed;
            r.reason = QString::fromLatin1(reasons[(op >> 3) % 5]) + QString::fromUtf8(payload);
            break;
        }
        case 5:
            r.kind = ClientRecord::Kind::Retry;
            r.retryMs = payload.size() * 100;
            break;
        case 6:
            target = (op >> 3) % 4;
            continue;
        }
        streams[target].add(r);
        require(streams[target].arrivals.size() <= maxArrivals, "the arrivals bound");
    }
    for (DoctorStream &s : streams)
        s.stopObserving(ns + kMs);

    DoctorAnalysis::Inputs in;
    in.main = &streams[0];
    in.resumed = (data[0] & 0x40) ? &streams[1] : nullptr;
    in.resumeId = streams[1].arrivals.isEmpty() ? QByteArray() : streams[1].arrivals.first().id;
    in.final = (data[0] & 0x20) ? &streams[2] : nullptr;
    in.finalId = "1";
    in.preflight = (data[0] & 0x10) ? &streams[3] : nullptr;
    in.preflightAsked = DoctorAnalysis::preflightFor(
        (data[0] & 0x08) ? QByteArrayLiteral("PUT") : QByteArrayLiteral("POST"),
        {{"Authorization", "Bearer k"}, {"Content-Type", "application/json"}}, data[0] & 0x04);
    in.origin = (data[0] & 0x02) ? QByteArrayLiteral("https://a.example") : QByteArray();
    in.hasBody = data[0] & 0x01;
    in.resentBody = in.hasBody && (data[0] & 0x80);
    in.reconnectMethod = in.hasBody && !in.resentBody ? QByteArrayLiteral("GET") : QByteArray();
    DoctorReport report;
    report.url = QStringLiteral("http://127.0.0.1:1/events");
    report.timeline = DoctorTimeline::fromStreams(&streams[0], in.resumed, in.resumeId, 0,
                                                  QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
    DoctorAnalysis::analyze(in, &report);
    for (const DoctorFinding &f : report.findings) {
        require(!f.id.isEmpty() && !f.title.isEmpty(), "a finding's id and title");
        require(!f.evidence.isEmpty(), "a finding's evidence");
        require(!f.fix.isEmpty(), "a finding's fix");
    }
    require(!report.toText().isEmpty(), "a text report");
    const QJsonDocument json = QJsonDocument::fromJson(report.toJson());
    require(json.isObject(), "the JSON report is one object");
    const QByteArray page = DoctorHtml::page(report);
    require(page.startsWith("<!DOCTYPE html>"), "a page");
    require(page.size() < 4 * 1024 * 1024, "the page's bound");
    for (const char *markup : {"<script", "<SCRIPT", "<iframe", "<img", "<object", "<link"})
        require(!page.contains(markup), "nothing the server sent becomes markup");
    return 0;
}
