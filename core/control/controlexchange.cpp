// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "controlexchange.h"

#include "controltarget.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "http/httpstatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace {

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray errorJson(const QString &message)
{
    return toJson(QJsonObject {{QStringLiteral("error"), message}});
}

// Compares the whole of both, whatever the first difference, so that the time taken does not
// tell how much of a guess was right.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = qMax(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? uchar(a[i]) : 0;
        const unsigned char y = i < b.size() ? uchar(b[i]) : 0;
        diff |= x ^ y;
    }
    return diff == 0;
}

} // namespace

ControlExchange::ControlExchange(ControlTarget *target, const ControlServerOptions &options)
    : m_target(target)
    , m_options(options)
    , m_request(options.maxHeadBytes)
{ }

qsizetype ControlExchange::feed(QByteArrayView bytes)
{
    qsizetype used = 0;
    if (m_answered)
        return used;
    if (m_bodyRemaining < 0) {
        used = m_request.feed(bytes);
        if (m_request.hasError()) {
            respond(m_request.errorStatus(),
                    errorJson(QString::fromUtf8(m_request.errorMessage())));
            return used;
        }
        if (!m_request.isComplete())
            return used;
        if (m_request.hasTransferEncoding()) {
            respond(411, errorJson(QStringLiteral("send the body with Content-Length")));
            return used;
        }
        const qint64 length = m_request.contentLength();
        if (length > m_options.maxBodyBytes) {
            respond(413,
                    errorJson(QStringLiteral("request body larger than %1 bytes")
                                  .arg(m_options.maxBodyBytes)));
            return used;
        }
        m_bodyRemaining = qMax<qint64>(0, length);
    }
    const QByteArrayView rest = bytes.sliced(used);
    const qsizetype take = qsizetype(qMin<qint64>(m_bodyRemaining, rest.size()));
    m_body.append(rest.first(take));
    m_bodyRemaining -= take;
    used += take;
    if (m_bodyRemaining == 0)
        handle();
    return used;
}

void ControlExchange::answerTimeout()
{
    respond(
        408,
        errorJson(
            QStringLiteral("request not complete within %1 ms").arg(m_options.requestTimeoutMs)));
}

void ControlExchange::answerTooManyConnections()
{
    respond(503, errorJson(QStringLiteral("too many control connections")));
}

bool ControlExchange::authorized() const
{
    if (m_options.token.isEmpty())
        return true;
    return constantTimeEquals(m_request.header("Authorization"),
                              QByteArray("Bearer " + m_options.token));
}

void ControlExchange::handle()
{
    const QByteArray method = m_request.method();
    const QByteArray path = m_request.path();
    auto ok = [&](int status, const QJsonObject &object) {
        respond(status, toJson(object));
    };
    auto error = [&](int status, const QString &message, const QByteArray &headers = {}) {
        respond(status, errorJson(message), headers);
    };
    auto notAllowed = [&](QByteArrayView allow) {
        error(405,
              QStringLiteral("%1 %2: allowed: %3")
                  .arg(QString::fromUtf8(method), QString::fromUtf8(path),
                       QString::fromLatin1(allow.toByteArray())),
              "Allow: " + allow.toByteArray() + "\r\n");
    };
    if (!authorized()) {
        error(401, QStringLiteral("missing or wrong token: send Authorization: Bearer <token>"),
              "WWW-Authenticate: Bearer realm=\"ssemon-control\"\r\n");
        return;
    }
    // A JSON object body, for the methods that take one.
    QJsonObject body;
    auto readBody = [&]() {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            error(400,
                  QStringLiteral("the body is not JSON: %1 at offset %2")
                      .arg(parseError.errorString())
                      .arg(parseError.offset));
            return false;
        }
        if (!document.isObject()) {
            error(400, QStringLiteral("the body must be a JSON object"));
            return false;
        }
        body = document.object();
        return true;
    };
    const QList<QByteArray> parts = path.mid(1).split('/');
    const QByteArray resource = parts.value(0);
    if (path == "/" || path.isEmpty()) {
        if (method != "GET")
            return notAllowed("GET");
        ok(200,
           {{QStringLiteral("service"), QStringLiteral("ssemon control")},
            {QStringLiteral("target"), m_target->kind()},
            {QStringLiteral("endpoints"),
             QJsonArray {QStringLiteral("GET /clients"), QStringLiteral("GET /stats"),
                         QStringLiteral("GET /faults"), QStringLiteral("POST /faults"),
                         QStringLiteral("DELETE /faults"), QStringLiteral("DELETE /faults/N"),
                         QStringLiteral("GET /scenario"), QStringLiteral("POST /scenario"),
                         QStringLiteral("DELETE /scenario"), QStringLiteral("PUT /settings")}}});
        return;
    }
    if (resource == "clients" && parts.size() == 1) {
        if (method != "GET")
            return notAllowed("GET");
        const QJsonArray clients = m_target->clients();
        ok(200, {{QStringLiteral("clients"), clients}});
        return;
    }
    if (resource == "stats" && parts.size() == 1) {
        if (method != "GET")
            return notAllowed("GET");
        ok(200, {{QStringLiteral("stats"), m_target->stats()}});
        return;
    }
    if (resource == "faults" && parts.size() == 1) {
        if (method == "GET") {
            ok(200, {{QStringLiteral("faults"), m_target->faults()}});
        } else if (method == "POST") {
            if (!readBody())
                return;
            const QJsonValue spec = body.value(QStringLiteral("fault"));
            if (!spec.isString()) {
                error(400,
                      QStringLiteral("expected {\"fault\": \"SPEC\"}, e.g. {\"fault\": "
                                     "\"drop every=50 mode=fin\"}"));
                return;
            }
            Fault fault;
            QString message;
            if (!FaultSpec::parse(spec.toString(), &fault, &message)) {
                error(400, message);
                return;
            }
            const int id = m_target->addFault(fault, &message);
            if (id == 0) {
                error(400, message);
                return;
            }
            respond(201,
                    toJson({{QStringLiteral("id"), id}, {QStringLiteral("spec"), fault.spec}}));
        } else if (method == "DELETE") {
            m_target->clearFaults();
            ok(200, {{QStringLiteral("cleared"), true}});
        } else {
            notAllowed("GET, POST, DELETE");
        }
        return;
    }
    if (resource == "faults" && parts.size() == 2) {
        if (method != "DELETE")
            return notAllowed("DELETE");
        bool isNumber = false;
        const int id = parts.at(1).toInt(&isNumber);
        if (!isNumber || id <= 0) {
            error(404,
                  QStringLiteral("no fault \"%1\": fault ids are numbers from 1")
                      .arg(QString::fromUtf8(parts.at(1))));
            return;
        }
        if (!m_target->removeFault(id)) {
            error(404, QStringLiteral("no fault %1 (GET /faults lists them)").arg(id));
            return;
        }
        ok(200, {{QStringLiteral("removed"), id}});
        return;
    }
    if (resource == "scenario" && parts.size() == 1) {
        if (method == "GET") {
            ok(200, m_target->scenario());
        } else if (method == "POST") {
            if (!readBody())
                return;
            Scenario scenario;
            QString message;
            const QJsonValue preset = body.value(QStringLiteral("preset"));
            const QJsonValue inline_ = body.value(QStringLiteral("scenario"));
            if (preset.isString() == inline_.isObject()) {
                error(400,
                      QStringLiteral("expected {\"preset\": \"NAME\"} or {\"scenario\": "
                                     "{...}} (presets: %1)")
                          .arg(ScenarioReader::presets().join(QStringLiteral(", "))));
                return;
            }
            const bool read = preset.isString()
                ? ScenarioReader::readFile(QStringLiteral("preset:") + preset.toString(), &scenario,
                                           &message)
                : ScenarioReader::read(QJsonDocument(inline_.toObject()).toJson(),
                                       QStringLiteral("request body"), &scenario, &message);
            if (!read || !m_target->runScenario(scenario, &message)) {
                error(400, message);
                return;
            }
            ok(200, m_target->scenario());
        } else if (method == "DELETE") {
            ok(200, {{QStringLiteral("stopped"), m_target->stopScenario()}});
        } else {
            notAllowed("GET, POST, DELETE");
        }
        return;
    }
    if (resource == "settings" && parts.size() == 1) {
        if (method != "PUT")
            return notAllowed("PUT");
        if (!readBody())
            return;
        QJsonObject result;
        QString message;
        const int status = m_target->changeSettings(body, &result, &message);
        if (status != 200) {
            error(status, message);
            return;
        }
        ok(200, result);
        return;
    }
    error(404,
          QStringLiteral("no such endpoint: %1 (GET / lists them)").arg(QString::fromUtf8(path)));
}

void ControlExchange::respond(int status, const QByteArray &json, const QByteArray &extraHeaders)
{
    if (m_answered)
        return;
    m_answered = true;
    m_status = status;
    m_response = HttpStatus::statusLine(status)
        + "Content-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: "
        + QByteArray::number(json.size()) + "\r\n" + extraHeaders + "Connection: close\r\n\r\n"
        + json;
    // The answer says what happened (an id, a count, an error): logged as it was sent.
    m_detail = QString::fromUtf8(json.trimmed());
}
