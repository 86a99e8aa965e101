// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "controlserver.h"

#include "controltarget.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "http/httprequestreader.h"
#include "io/httpstatus.h"
#include "io/jsonwriter.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <climits>

namespace {

constexpr qint64 ReadChunkBytes = 16 * 1024;

using HttpStatus::reasonPhrase;

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

QJsonObject faultToJson(int id, const Fault &fault, const QString &state)
{
    QJsonObject object {{QStringLiteral("id"), id},
                        {QStringLiteral("fault"), fault.name()},
                        {QStringLiteral("spec"), fault.spec.isEmpty() ? fault.name() : fault.spec}};
    QJsonArray clients;
    for (int client : fault.clients)
        clients.append(client);
    object.insert(QStringLiteral("clients"), clients);
    if (!state.isEmpty())
        object.insert(QStringLiteral("state"), state);
    return object;
}

void ControlServer::appendRecord(QByteArray &out, bool json, const ControlRequestInfo &info,
                                 qint64 tUs)
{
    const QString peer = QStringLiteral("%1:%2").arg(info.peer.toString()).arg(info.peerPort);
    if (json) {
        out += "{\"kind\":\"control\",\"method\":";
        JsonWriter::appendText(out, QString::fromUtf8(info.method));
        out += ",\"path\":";
        JsonWriter::appendText(out, QString::fromUtf8(info.path));
        out += ",\"status\":";
        JsonWriter::appendInt(out, info.status);
        out += ",\"peer\":";
        JsonWriter::appendText(out, peer);
        out += ",\"detail\":";
        JsonWriter::appendText(out, info.detail);
        out += ",\"t_ms\":";
        JsonWriter::appendMillis(out, tUs);
        out += "}\n";
        return;
    }
    QByteArray time;
    JsonWriter::appendMillis(time, tUs);
    out += time.rightJustified(11, ' ') + " control  " + info.method + ' ' + info.path + "  -> "
        + QByteArray::number(info.status) + "  " + info.detail.toUtf8() + '\n';
}

struct ControlServer::Connection
{
    explicit Connection(QTcpSocket *s, qsizetype maxHead)
        : socket(s)
        , request(maxHead)
    { }
    QTcpSocket *socket;
    HttpRequestReader request;
    QByteArray body;
    qint64 bodyRemaining = -1; // -1: head not complete
    QTimer timer;
    bool answered = false;
};

ControlServer::ControlServer(ControlTarget *target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    qRegisterMetaType<ControlRequestInfo>();
}

ControlServer::~ControlServer()
{
    stop();
}

bool ControlServer::isLoopback(const QHostAddress &address)
{
    return address.isLoopback();
}

bool ControlServer::start(QString *errorMessage)
{
    auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    if (!isLoopback(m_options.host) && m_options.token.isEmpty())
        return fail(QStringLiteral("the control API on %1 (not loopback) needs a token: anyone "
                                   "who reaches it can break your streams")
                        .arg(m_options.host.toString()));
    stop();
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, &ControlServer::accept);
    if (!m_server->listen(m_options.host, m_options.port))
        return fail(QStringLiteral("control API: cannot listen on %1:%2: %3")
                        .arg(m_options.host.toString())
                        .arg(m_options.port)
                        .arg(m_server->errorString()));
    return true;
}

void ControlServer::stop()
{
    const QList<Connection *> connections = std::exchange(m_connections, {});
    for (Connection *connection : connections) {
        QObject::disconnect(connection->socket, nullptr, this, nullptr);
        connection->socket->abort();
        connection->socket->deleteLater();
        delete connection;
    }
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
}

bool ControlServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 ControlServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl ControlServer::url() const
{
    QHostAddress address = m_server ? m_server->serverAddress() : m_options.host;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

void ControlServer::accept()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        auto *connection = new Connection(socket, m_options.maxHeadBytes);
        m_connections.append(connection);
        connection->timer.setSingleShot(true);
        connect(&connection->timer, &QTimer::timeout, this, [this, connection] {
            respond(connection, 408,
                    errorJson(QStringLiteral("request not complete within %1 ms")
                                  .arg(m_options.requestTimeoutMs)));
        });
        connect(socket, &QIODevice::readyRead, this, [this, connection] { read(connection); });
        connect(socket, &QAbstractSocket::disconnected, this,
                [this, connection] { close(connection); });
        if (m_connections.size() > m_options.maxConnections) {
            respond(connection, 503, errorJson(QStringLiteral("too many control connections")));
            continue;
        }
        connection->timer.start(
            int(qBound(qint64(1), m_options.requestTimeoutMs, qint64(INT_MAX))));
        read(connection);
    }
}

void ControlServer::read(Connection *connection)
{
    QTcpSocket *socket = connection->socket;
    while (!connection->answered && socket->bytesAvailable() > 0) {
        const QByteArray bytes = socket->read(ReadChunkBytes);
        QByteArrayView rest(bytes);
        if (connection->bodyRemaining < 0) {
            rest = rest.sliced(connection->request.feed(rest));
            if (connection->request.hasError()) {
                respond(connection, connection->request.errorStatus(),
                        errorJson(QString::fromUtf8(connection->request.errorMessage())));
                return;
            }
            if (!connection->request.isComplete())
                continue;
            if (connection->request.hasTransferEncoding()) {
                respond(connection, 411,
                        errorJson(QStringLiteral("send the body with Content-Length")));
                return;
            }
            const qint64 length = connection->request.contentLength();
            if (length > m_options.maxBodyBytes) {
                respond(connection, 413,
                        errorJson(QStringLiteral("request body larger than %1 bytes")
                                      .arg(m_options.maxBodyBytes)));
                return;
            }
            connection->bodyRemaining = qMax<qint64>(0, length);
        }
        const qsizetype take = qsizetype(qMin<qint64>(connection->bodyRemaining, rest.size()));
        connection->body.append(rest.first(take));
        connection->bodyRemaining -= take;
        if (connection->bodyRemaining == 0) {
            handle(connection);
            return;
        }
    }
}

bool ControlServer::authorized(const Connection *connection) const
{
    if (m_options.token.isEmpty())
        return true;
    return constantTimeEquals(connection->request.header("Authorization"),
                              QByteArray("Bearer " + m_options.token));
}

void ControlServer::handle(Connection *connection)
{
    connection->timer.stop();
    const QByteArray method = connection->request.method();
    const QByteArray path = connection->request.path();
    auto ok = [&](int status, const QJsonObject &object) {
        respond(connection, status, toJson(object));
    };
    auto error = [&](int status, const QString &message, const QByteArray &headers = {}) {
        respond(connection, status, errorJson(message), headers);
    };
    auto notAllowed = [&](QByteArrayView allow) {
        error(405,
              QStringLiteral("%1 %2: allowed: %3")
                  .arg(QString::fromUtf8(method), QString::fromUtf8(path),
                       QString::fromLatin1(allow.toByteArray())),
              "Allow: " + allow.toByteArray() + "\r\n");
    };
    if (!authorized(connection)) {
        error(401, QStringLiteral("missing or wrong token: send Authorization: Bearer <token>"),
              "WWW-Authenticate: Bearer realm=\"ssemon-control\"\r\n");
        return;
    }
    // A JSON object body, for the methods that take one.
    QJsonObject body;
    auto readBody = [&]() {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(connection->body, &parseError);
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
            respond(connection, 201,
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

void ControlServer::respond(Connection *connection, int status, const QByteArray &json,
                            const QByteArray &extraHeaders)
{
    if (connection->answered)
        return;
    connection->answered = true;
    connection->timer.stop();
    QTcpSocket *socket = connection->socket;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' '
        + reasonPhrase(status).toByteArray()
        + "\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: "
        + QByteArray::number(json.size()) + "\r\n" + extraHeaders + "Connection: close\r\n\r\n"
        + json;
    socket->write(out);
    ControlRequestInfo info;
    info.peer = socket->peerAddress();
    info.peerPort = socket->peerPort();
    info.method = connection->request.method();
    info.path = connection->request.target();
    info.status = status;
    // The answer says what happened (an id, a count, an error): logged as it was sent.
    info.detail = QString::fromUtf8(json.trimmed());
    Q_EMIT requestHandled(info);
    socket->disconnectFromHost();
}

void ControlServer::close(Connection *connection)
{
    if (!m_connections.removeOne(connection))
        return;
    QObject::disconnect(connection->socket, nullptr, this, nullptr);
    connection->socket->deleteLater();
    delete connection;
}
