// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The control API (`serve --control`, `proxy --control`) as a client nobody controls reaches
// it: request bytes in, one answer out. Fed whole and in slices against a fake target, it must
// give the same answer byte for byte; an answer is a well-formed HTTP/1.1 response with a
// status the API documents, a Content-Length that is the body's length and a JSON object body.
#include "control/controlexchange.h"
#include "control/controltarget.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

// Acts like a target that refuses some faults and settings, deterministically.
class FakeTarget : public ControlTarget
{
public:
    QString kind() const override { return QStringLiteral("serve"); }
    QJsonArray clients() const override { return {}; }
    QJsonObject stats() const override { return {{QStringLiteral("faults"), m_faults}}; }
    QJsonArray faults() const override { return {}; }
    int addFault(const Fault &fault, QString *error) override
    {
        if (fault.spec.size() % 3 == 0) {
            *error = QStringLiteral("not here");
            return 0;
        }
        return ++m_faults;
    }
    bool removeFault(int id) override { return id <= m_faults; }
    void clearFaults() override { m_faults = 0; }
    bool runScenario(const Scenario &scenario, QString *error) override
    {
        if (scenario.steps.isEmpty()) {
            *error = QStringLiteral("no steps");
            return false;
        }
        m_running = true;
        return true;
    }
    bool stopScenario() override { return std::exchange(m_running, false); }
    QJsonObject scenario() const override { return {{QStringLiteral("running"), m_running}}; }
    int changeSettings(const QJsonObject &settings, QJsonObject *result, QString *error) override
    {
        if (settings.contains(QStringLiteral("bad"))) {
            *error = QStringLiteral("bad setting");
            return 400;
        }
        *result = settings;
        return 200;
    }

private:
    int m_faults = 0;
    bool m_running = false;
};

struct Answer
{
    bool answered = false;
    int status = 0;
    QByteArray response;
};

Answer run(const ControlServerOptions &options, QByteArrayView input, qsizetype slice)
{
    FakeTarget target;
    ControlExchange exchange(&target, options);
    for (qsizetype at = 0; at < input.size() && !exchange.isAnswered();) {
        const qsizetype n = std::min(slice, input.size() - at);
        const qsizetype used = exchange.feed(input.sliced(at, n));
        if (used < 0 || used > n)
            std::abort();
        if (used < n && !exchange.isAnswered())
            std::abort(); // bytes are left only once the answer is ready
        at += n;
    }
    return {exchange.isAnswered(), exchange.status(), exchange.response()};
}

void check(const Answer &a)
{
    if (!a.answered) {
        if (!a.response.isEmpty())
            std::abort();
        return;
    }
    static const int documented[] = {200, 201, 400, 401, 404, 405, 408, 411, 413, 431, 503};
    if (std::find(std::begin(documented), std::end(documented), a.status) == std::end(documented))
        std::abort();
    const QByteArray start = "HTTP/1.1 " + QByteArray::number(a.status) + ' ';
    const qsizetype end = a.response.indexOf("\r\n\r\n");
    if (!a.response.startsWith(start) || end < 0)
        std::abort();
    const QByteArray head = a.response.first(end);
    const QByteArray body = a.response.sliced(end + 4);
    const qsizetype at = head.indexOf("\r\nContent-Length: ");
    if (at < 0)
        std::abort();
    const qsizetype lineEnd = head.indexOf("\r\n", at + 2);
    const QByteArray length = head.mid(at + 18, (lineEnd < 0 ? head.size() : lineEnd) - (at + 18));
    if (length.toLongLong() != body.size() || !head.contains("\r\nConnection: close"))
        std::abort();
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !json.isObject())
        std::abort();
    if (a.status >= 400 && !json.object().value(QStringLiteral("error")).isString())
        std::abort(); // every refusal says why
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ControlServerOptions options;
    // Small limits chosen by the input, so that they are reached.
    options.maxHeadBytes = 64 + qsizetype(data[0] & 0x3f) * 32;
    options.maxBodyBytes = 16 + qint64(data[0] >> 6) * 256;
    if (data[0] & 0x80)
        options.token = QByteArrayLiteral("s3cret");
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Answer whole = run(options, input, input.size() + 1);
    const Answer sliced = run(options, input, 1 + data[0] % 5);
    check(whole);
    if (whole.answered != sliced.answered || whole.status != sliced.status
        || whole.response != sliced.response) {
        std::fprintf(stderr, "whole: %d %s\nsliced: %d %s\n", whole.status,
                     whole.response.constData(), sliced.status, sliced.response.constData());
        std::abort();
    }
    return 0;
}
