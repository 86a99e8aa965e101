// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "checkreader.h"

#include "checknodes.h"

#include "client/requestbuilder.h"
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"
#include "http/headerline.h"
#include "io/templatevariables.h"
#include "lens/lensregistry.h"
#include "proxy/tapproxy.h"
#include "server/mockserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <limits>

using namespace CheckNodes;

namespace {

class Reader
{
public:
    Reader(QString source, const QHash<QString, QString> &vars, CheckFile *file)
        : m_source(std::move(source))
        , m_file(file)
    {
        for (auto it = vars.cbegin(); it != vars.cend(); ++it)
            m_defined.insert(it.key());
    }

    void readRoot(const YAML::Node &root);

private:
    void readStream(const QString &name, const YAML::Node &node);
    void readStep(int index, const YAML::Node &node);
    void readHttp(CheckTrigger *trigger, const YAML::Node &node);
    void readControl(CheckTrigger *trigger, const YAML::Node &node, const QString &what);
    // A scenario trigger's path: relative to the check file; `preset:NAME` as it is.
    QString scenarioPath(const QString &written) const
    {
        return written.startsWith(QStringLiteral("preset:")) || QFileInfo(written).isAbsolute()
            ? written
            : QFileInfo(m_source).dir().filePath(written);
    }
    Expectation readExpectation(const YAML::Node &node, const QString &what);
    EventMatcher readMatcher(const YAML::Node &node, const QString &what);
    QList<QPair<QString, QString>> readCaptures(const YAML::Node &node, const QString &what);
    // Text whose `{{name}}` references must be known by now (`vars`, earlier captures), or,
    // for a stream, by the step that starts it (`pending` collects them).
    QString templateText(const YAML::Node &node, const QString &what,
                         QList<QPair<QString, YAML::Node>> *pending = nullptr);
    void checkReferences(const QString &text, const YAML::Node &node, const QString &what) const;
    void checkPattern(const QString &pattern, const YAML::Node &node, const QString &what) const;
    void checkPointer(const QString &pointer, const YAML::Node &node, const QString &what) const;

    QString m_source;
    CheckFile *m_file;
    QSet<QString> m_defined;
    // Per stream: the references of its request, checked when its first step is read.
    QList<QList<QPair<QString, YAML::Node>>> m_streamReferences;
    QList<bool> m_streamUsed;
};

void Reader::checkReferences(const QString &text, const YAML::Node &node, const QString &what) const
{
    for (const QString &name : TemplateVariables::references(text)) {
        if (!m_defined.contains(name)) {
            fail(node,
                 QStringLiteral("%1 uses {{%2}}, which is neither in vars nor captured "
                                "by an earlier step")
                     .arg(what, name));
        }
    }
}

QString Reader::templateText(const YAML::Node &node, const QString &what,
                             QList<QPair<QString, YAML::Node>> *pending)
{
    const QString text = scalar(node, what);
    if (pending) {
        for (const QString &name : TemplateVariables::references(text))
            pending->append({name, node});
    } else {
        checkReferences(text, node, what);
    }
    return text;
}

void Reader::checkPattern(const QString &pattern, const YAML::Node &node, const QString &what) const
{
    // References become their (escaped) values when the step starts; any text stands in here.
    const TemplateVariables::Result standIn = TemplateVariables::resolve(pattern.toUtf8(), [&] {
        TemplateVariables::Map values;
        for (const QString &name : TemplateVariables::references(pattern))
            values.insert(name, QStringLiteral("x"));
        return values;
    }());
    const QRegularExpression expression(QString::fromUtf8(standIn.text));
    if (!expression.isValid()) {
        fail(node,
             QStringLiteral("%1 \"%2\" is not a regular expression: %3 at offset %4")
                 .arg(what, pattern, expression.errorString())
                 .arg(expression.patternErrorOffset()));
    }
}

void Reader::checkPointer(const QString &pointer, const YAML::Node &node, const QString &what) const
{
    JsonPointer parsed;
    QString error;
    if (!JsonPointer::parse(pointer, &parsed, &error))
        fail(node, QStringLiteral("%1 \"%2\" is not a JSON Pointer: %3").arg(what, pointer, error));
}

void Reader::readRoot(const YAML::Node &root)
{
    static const QStringList known = {QStringLiteral("$schema"),     QStringLiteral("name"),
                                      QStringLiteral("description"), QStringLiteral("vars"),
                                      QStringLiteral("streams"),     QStringLiteral("steps")};
    YAML::Node streams(YAML::NodeType::Undefined);
    YAML::Node steps(YAML::NodeType::Undefined);
    for (const auto &[key, value] : entries(root, QStringLiteral("the check file"), known)) {
        if (key == QStringLiteral("name")) {
            m_file->name = scalar(value, key);
        } else if (key == QStringLiteral("description")) {
            m_file->description = scalar(value, key);
        } else if (key == QStringLiteral("vars")) {
            for (const auto &[name, text] : entries(value, QStringLiteral("vars"), {})) {
                QString why;
                if (!TemplateVariables::isValidName(name, &why))
                    fail(keyNode(value, name), QStringLiteral("vars: \"%1\": %2").arg(name, why));
                if (!m_file->vars.contains(name)) // given from outside: wins
                    m_file->vars.insert(name, scalar(text, QStringLiteral("vars ") + name));
                m_defined.insert(name);
            }
        } else if (key == QStringLiteral("streams")) {
            streams = value;
        } else {
            steps = value;
        }
    }
    if (!streams)
        fail(root, QStringLiteral("no streams: the file needs a \"streams\" map"));
    if (!steps)
        fail(root, QStringLiteral("no steps: the file needs a \"steps\" list"));
    const auto streamEntries = entries(streams, QStringLiteral("streams"), {});
    if (streamEntries.isEmpty())
        fail(streams, QStringLiteral("streams is empty: name at least one stream"));
    for (const auto &[name, value] : streamEntries)
        readStream(name, value);
    if (!steps.IsSequence() || steps.size() == 0)
        fail(steps,
             QStringLiteral("steps is %1, expected a list of steps")
                 .arg(steps.IsSequence() ? QStringLiteral("empty") : typeName(steps)));
    for (std::size_t i = 0; i < steps.size(); ++i)
        readStep(int(i), steps[i]);
    for (qsizetype i = 0; i < m_file->streams.size(); ++i) {
        if (!m_streamUsed.at(i)) {
            fail(
                streams[m_file->streams.at(i).name.toStdString()],
                QStringLiteral("stream \"%1\" is used by no step").arg(m_file->streams.at(i).name));
        }
    }
}

void Reader::readStream(const QString &name, const YAML::Node &node)
{
    static const QStringList known = {QStringLiteral("url"),
                                      QStringLiteral("mock"),
                                      QStringLiteral("path"),
                                      QStringLiteral("method"),
                                      QStringLiteral("headers"),
                                      QStringLiteral("body"),
                                      QStringLiteral("last-event-id"),
                                      QStringLiteral("transport"),
                                      QStringLiteral("lens"),
                                      QStringLiteral("insecure"),
                                      QStringLiteral("head-timeout"),
                                      QStringLiteral("idle-timeout"),
                                      QStringLiteral("retry-ms"),
                                      QStringLiteral("reconnect"),
                                      QStringLiteral("max-reconnects"),
                                      QStringLiteral("resilient"),
                                      QStringLiteral("retry-post"),
                                      QStringLiteral("mcp-session"),
                                      QStringLiteral("tap")};
    const QString what = QStringLiteral("stream \"%1\"").arg(name);
    QString why;
    if (!TemplateVariables::isValidName(name, &why))
        fail(node, QStringLiteral("%1: %2").arg(what, why));
    CheckStream stream;
    stream.name = name;
    stream.where = whereOf(node);
    QList<QPair<QString, YAML::Node>> references;
    bool hasUrl = false;
    bool hasMethod = false;
    YAML::Node path(YAML::NodeType::Undefined);
    for (const auto &[key, value] : entries(node, what, known)) {
        const QString label = what + u' ' + key;
        if (key == QStringLiteral("url")) {
            hasUrl = true;
            stream.url = templateText(value, label, &references);
            QUrl url;
            QString error;
            if (!TemplateVariables::hasReferences(stream.url)
                && !RequestBuilder::parseUrl(stream.url, &url, &error))
                fail(value, label + QStringLiteral(": ") + error);
        } else if (key == QStringLiteral("mock")) {
            stream.mock = true;
            CheckNodes::readMock(&stream, value);
        } else if (key == QStringLiteral("tap")) {
            stream.tap = true;
            if (!value.IsNull()) {
                for (const auto &[tapKey, item] :
                     entries(value, label, {QStringLiteral("faults")})) {
                    if (!item.IsSequence())
                        fail(item, label + QStringLiteral(" faults is not a list of fault specs"));
                    for (const YAML::Node &spec : item) {
                        Fault fault;
                        QString error;
                        const QString text = scalar(spec, label + QStringLiteral(" faults"));
                        if (!FaultSpec::parse(text, &fault, &error)
                            || !TapProxy::canApply(fault, &error))
                            fail(spec,
                                 QStringLiteral("%1 faults \"%2\": %3").arg(label, text, error));
                        stream.tapFaults.append(fault);
                    }
                }
            }
        } else if (key == QStringLiteral("path")) {
            path = value;
            stream.mockPath = scalar(value, label);
            if (!stream.mockPath.startsWith(u'/'))
                fail(value, label + QStringLiteral(" does not start with /"));
        } else if (key == QStringLiteral("method")) {
            hasMethod = true;
            stream.options.method = method(value);
        } else if (key == QStringLiteral("headers")) {
            stream.headers = headerMap(value, label);
            for (const auto &header : std::as_const(stream.headers)) {
                for (const QString &ref : TemplateVariables::references(header.second))
                    references.append({ref, value});
            }
        } else if (key == QStringLiteral("body")) {
            stream.body = templateText(value, label, &references);
        } else if (key == QStringLiteral("last-event-id")) {
            stream.lastEventId = templateText(value, label, &references);
        } else if (key == QStringLiteral("transport")) {
            if (!SseClientOptions::parseTransport(scalar(value, label), &stream.options.transport))
                fail(value, label + QStringLiteral(" is not auto, qnam or wire"));
        } else if (key == QStringLiteral("lens")) {
            stream.options.lens = scalar(value, label).toUtf8();
            if (!LensRegistry::isChoice(stream.options.lens)) {
                QStringList names;
                for (const QByteArray &choice : LensRegistry::choices())
                    names.append(QString::fromLatin1(choice));
                fail(value,
                     QStringLiteral("%1 \"%2\" is not one of %3")
                         .arg(label, scalar(value, label), names.join(QStringLiteral(", "))));
            }
        } else if (key == QStringLiteral("insecure")) {
            stream.options.ignoreSslErrors = boolean(value, label);
        } else if (key == QStringLiteral("head-timeout")) {
            stream.options.headTimeoutMs = duration(value, label, CheckReader::kMaxWithinMs);
        } else if (key == QStringLiteral("idle-timeout")) {
            stream.options.idleTimeoutMs = duration(value, label, CheckReader::kMaxWithinMs);
        } else if (key == QStringLiteral("retry-ms")) {
            stream.options.retryMs = integer(value, label, 0, 24LL * 3600 * 1000);
        } else if (key == QStringLiteral("reconnect")) {
            stream.options.reconnect = boolean(value, label);
        } else if (key == QStringLiteral("max-reconnects")) {
            stream.options.maxReconnects = int(integer(value, label, 0, 1000000000));
        } else if (key == QStringLiteral("resilient")) {
            stream.options.resilient = boolean(value, label);
        } else if (key == QStringLiteral("retry-post")) {
            stream.options.retryNonGet = boolean(value, label);
        } else if (key == QStringLiteral("mcp-session")) {
            stream.mcpSession = boolean(value, label);
        }
    }
    if (hasUrl == stream.mock)
        fail(node, what + QStringLiteral(" needs either url or mock"));
    if (stream.tap && stream.mock)
        fail(node,
             what
                 + QStringLiteral(": tap goes with url (the mock server has faults of its "
                                  "own)"));
    if (path && !stream.mock)
        fail(path, what + QStringLiteral(": path goes with mock (with url, write the whole URL)"));
    if (!hasMethod && !stream.body.isEmpty())
        stream.options.method = QByteArrayLiteral("POST");
    m_file->streams.append(stream);
    m_streamReferences.append(references);
    m_streamUsed.append(false);
}

void Reader::readStep(int index, const YAML::Node &node)
{
    static const QStringList known = {
        QStringLiteral("name"),  QStringLiteral("stream"),  QStringLiteral("within"),
        QStringLiteral("http"),  QStringLiteral("fault"),   QStringLiteral("scenario"),
        QStringLiteral("pause"), QStringLiteral("control"), QStringLiteral("expect")};
    CheckStep step;
    step.where = whereOf(node);
    QString what = QStringLiteral("step %1").arg(index + 1);
    const auto items = entries(node, what, known);
    for (const auto &[key, value] : items) {
        if (key == QStringLiteral("name")) {
            step.name = scalar(value, what + QStringLiteral(" name"));
            what = step.label(index);
        }
    }
    // The stream first: the triggers and expectations depend on what it is.
    YAML::Node streamNode(YAML::NodeType::Undefined);
    for (const auto &[key, value] : items) {
        if (key == QStringLiteral("stream"))
            streamNode = value;
    }
    if (streamNode) {
        const QString name = scalar(streamNode, what + QStringLiteral(" stream"));
        step.stream = -1;
        for (qsizetype i = 0; i < m_file->streams.size(); ++i) {
            if (m_file->streams.at(i).name == name)
                step.stream = int(i);
        }
        if (step.stream < 0) {
            QStringList names;
            for (const CheckStream &stream : std::as_const(m_file->streams))
                names.append(stream.name);
            fail(streamNode,
                 QStringLiteral("%1: no stream \"%2\" (streams: %3)")
                     .arg(what, name, names.join(QStringLiteral(", "))));
        }
    } else if (m_file->streams.size() > 1) {
        fail(node, what + QStringLiteral(": which stream? There are several: add \"stream:\""));
    }
    const CheckStream &stream = m_file->streams.at(step.stream);
    if (!m_streamUsed.at(step.stream)) {
        // The stream starts with its first step: its request's references must be known now.
        m_streamUsed[step.stream] = true;
        for (const auto &[name, at] : std::as_const(m_streamReferences.at(step.stream))) {
            if (!m_defined.contains(name)) {
                fail(at,
                     QStringLiteral("stream \"%1\" uses {{%2}}, which is neither in vars nor "
                                    "captured before its first step (%3)")
                         .arg(stream.name, name, what));
            }
        }
    }

    YAML::Node expect(YAML::NodeType::Undefined);
    YAML::Node trigger(YAML::NodeType::Undefined);
    for (const auto &[key, value] : items) {
        const QString label = what + u' ' + key;
        const bool isTrigger = key == QStringLiteral("http") || key == QStringLiteral("fault")
            || key == QStringLiteral("scenario") || key == QStringLiteral("pause")
            || key == QStringLiteral("control");
        if (isTrigger && trigger) {
            fail(value,
                 QStringLiteral("%1 has two triggers: one of http, fault, scenario, pause, "
                                "control per step")
                     .arg(what));
        }
        if (isTrigger)
            trigger = value;
        if ((key == QStringLiteral("fault") || key == QStringLiteral("scenario")) && !stream.mock
            && !stream.tap) {
            fail(value,
                 QStringLiteral("%1: a %2 acts on the embedded mock server or a tap proxy, "
                                "and stream \"%3\" has neither (give it \"mock:\" or "
                                "\"tap:\", or send the fault to a control API with "
                                "\"control:\")")
                     .arg(what, key, stream.name));
        }
        // What acts the fault out: the mock server or the tap proxy.
        const auto canApply = [&stream](const Fault &fault, QString *error) {
            return stream.mock ? MockServer::canApply(fault, error)
                               : TapProxy::canApply(fault, error);
        };
        if (key == QStringLiteral("within")) {
            step.withinMs = duration(value, label, CheckReader::kMaxWithinMs);
        } else if (key == QStringLiteral("http")) {
            step.trigger.kind = CheckTrigger::Kind::Http;
            readHttp(&step.trigger, value);
        } else if (key == QStringLiteral("fault")) {
            step.trigger.kind = CheckTrigger::Kind::Fault;
            step.trigger.faultText = scalar(value, label);
            QString error;
            if (!FaultSpec::parse(step.trigger.faultText, &step.trigger.fault, &error)
                || !canApply(step.trigger.fault, &error))
                fail(value,
                     QStringLiteral("%1 \"%2\": %3").arg(label, step.trigger.faultText, error));
        } else if (key == QStringLiteral("scenario")) {
            step.trigger.kind = CheckTrigger::Kind::Scenario;
            const QString path = scenarioPath(scalar(value, label));
            QString error;
            if (!ScenarioReader::readFile(path, &step.trigger.scenario, &error))
                fail(value, label + QStringLiteral(": ") + error);
            for (const Scenario::Step &s : std::as_const(step.trigger.scenario.steps)) {
                if (s.action == Scenario::Step::Action::Fault && !canApply(s.fault, &error))
                    fail(value, QStringLiteral("%1: %2: %3").arg(label, s.label, error));
            }
        } else if (key == QStringLiteral("control")) {
            step.trigger.kind = CheckTrigger::Kind::Control;
            readControl(&step.trigger, value, label);
        } else if (key == QStringLiteral("pause")) {
            step.trigger.kind = CheckTrigger::Kind::Pause;
            step.trigger.pauseMs = duration(value, label, CheckReader::kMaxWithinMs);
        } else if (key == QStringLiteral("expect")) {
            expect = value;
        }
    }
    if (expect) {
        if (!expect.IsSequence() || expect.size() == 0)
            fail(expect,
                 QStringLiteral("%1 expect is %2, expected a list of expectations")
                     .arg(what, expect.IsSequence() ? QStringLiteral("empty") : typeName(expect)));
        // Captures are known to the steps after this one, not to this step's own expectations.
        QSet<QString> captured;
        for (std::size_t i = 0; i < expect.size(); ++i) {
            const Expectation expectation = readExpectation(
                expect[i], QStringLiteral("%1 expectation %2").arg(what).arg(i + 1));
            if (expectation.kind == Expectation::Kind::Lens && stream.options.lens == "none") {
                fail(expect[i],
                     QStringLiteral("%1 expectation %2: a lens fact, and stream \"%3\" "
                                    "reads with lens none")
                         .arg(what)
                         .arg(i + 1)
                         .arg(stream.name));
            }
            for (const auto &capture : expectation.matcher.captures)
                captured.insert(capture.first);
            step.expectations.append(expectation);
        }
        m_defined.unite(captured);
    } else if (!trigger) {
        fail(node, what + QStringLiteral(" has neither a trigger nor \"expect\": nothing to do"));
    }
    m_file->steps.append(step);
}

void Reader::readHttp(CheckTrigger *trigger, const YAML::Node &node)
{
    static const QStringList known = {QStringLiteral("url"), QStringLiteral("method"),
                                      QStringLiteral("headers"), QStringLiteral("body"),
                                      QStringLiteral("status")};
    const QString what = QStringLiteral("http");
    bool hasMethod = false;
    if (node.IsScalar()) {
        trigger->url = templateText(node, QStringLiteral("http url"));
    } else {
        for (const auto &[key, value] : entries(node, what, known)) {
            const QString label = what + u' ' + key;
            if (key == QStringLiteral("url")) {
                trigger->url = templateText(value, label);
            } else if (key == QStringLiteral("method")) {
                hasMethod = true;
                trigger->method = method(value);
            } else if (key == QStringLiteral("headers")) {
                trigger->headers = headerMap(value, label);
                for (const auto &header : std::as_const(trigger->headers))
                    checkReferences(header.second, value, label);
            } else if (key == QStringLiteral("body")) {
                trigger->body = templateText(value, label);
            } else if (key == QStringLiteral("status")) {
                trigger->status = int(integer(value, label, 100, 599));
            }
        }
    }
    if (trigger->url.isEmpty())
        fail(node, QStringLiteral("http needs a url"));
    QUrl url;
    QString error;
    if (!TemplateVariables::hasReferences(trigger->url)
        && !RequestBuilder::parseUrl(trigger->url, &url, &error))
        fail(node, QStringLiteral("http url: ") + error);
    if (!hasMethod && !trigger->body.isEmpty())
        trigger->method = QByteArrayLiteral("POST");
}

void Reader::readControl(CheckTrigger *trigger, const YAML::Node &node, const QString &what)
{
    // One action each: the control API's request is made here, checked as far as it can be
    // without the server (a fault spec, a scenario file, a preset's name).
    static const QStringList actions = {QStringLiteral("fault"), QStringLiteral("scenario"),
                                        QStringLiteral("clear"), QStringLiteral("settings")};
    QStringList known = actions;
    known << QStringLiteral("url") << QStringLiteral("token");
    QString action;
    for (const auto &[key, value] : entries(node, what, known)) {
        const QString label = what + u' ' + key;
        if (key == QStringLiteral("url")) {
            trigger->url = templateText(value, label);
            continue;
        }
        if (key == QStringLiteral("token")) {
            const QString token = templateText(value, label);
            if (HeaderLine::breaksLine(token.toUtf8()))
                fail(value, label + QStringLiteral(": a token cannot break the line"));
            trigger->headers.append(
                {QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token});
            continue;
        }
        if (!action.isEmpty())
            fail(keyNode(node, key),
                 QStringLiteral("%1 has both %2 and %3: one action per control trigger")
                     .arg(what, action, key));
        action = key;
        trigger->controlAction = key;
        QJsonObject body;
        if (key == QStringLiteral("fault")) {
            trigger->faultText = scalar(value, label);
            QString error;
            // Whether the server or proxy can act it out is its own answer (400 with why).
            if (!FaultSpec::parse(trigger->faultText, &trigger->fault, &error))
                fail(value, QStringLiteral("%1 \"%2\": %3").arg(label, trigger->faultText, error));
            trigger->method = QByteArrayLiteral("POST");
            trigger->controlPath = QStringLiteral("faults");
            trigger->status = 201;
            body.insert(QStringLiteral("fault"), trigger->faultText);
        } else if (key == QStringLiteral("scenario")) {
            const QString path = scenarioPath(scalar(value, label));
            QString error;
            QByteArray json;
            if (!ScenarioReader::readFile(path, &trigger->scenario, &error, &json))
                fail(value, label + QStringLiteral(": ") + error);
            if (path.startsWith(QStringLiteral("preset:"))) {
                body.insert(QStringLiteral("preset"), path.mid(7));
            } else {
                // The server may be elsewhere: the scenario goes inline, as it was read here.
                body.insert(QStringLiteral("scenario"), QJsonDocument::fromJson(json).object());
            }
            trigger->method = QByteArrayLiteral("POST");
            trigger->controlPath = QStringLiteral("scenario");
        } else if (key == QStringLiteral("clear")) {
            const QString target = scalar(value, label);
            if (target != QStringLiteral("faults") && target != QStringLiteral("scenario"))
                fail(value,
                     QStringLiteral("%1 \"%2\" is not faults or scenario").arg(label, target));
            trigger->method = QByteArrayLiteral("DELETE");
            trigger->controlPath = target;
        } else {
            const auto settings = entries(value, label, {});
            if (settings.isEmpty())
                fail(value, label + QStringLiteral(" is empty: name a setting and its value"));
            for (const auto &[name, setting] : settings) {
                const QString text = scalar(setting, label + u' ' + name);
                bool number = false;
                const qint64 n = text.toLongLong(&number);
                body.insert(name, number ? QJsonValue(double(n)) : QJsonValue(text));
            }
            trigger->method = QByteArrayLiteral("PUT");
            trigger->controlPath = QStringLiteral("settings");
        }
        trigger->controlText = key == QStringLiteral("settings")
            ? QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact))
            : scalar(value, label);
        if (!body.isEmpty()) {
            trigger->body = QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
            trigger->headers.append(
                {QStringLiteral("Content-Type"), QStringLiteral("application/json")});
        }
    }
    if (trigger->url.isEmpty())
        fail(node,
             what
                 + QStringLiteral(" needs the control API's url (control http://…/ on "
                                  "the command's stdout)"));
    if (action.isEmpty())
        fail(node,
             QStringLiteral("%1 names no action (one of %2)")
                 .arg(what, actions.join(QStringLiteral(", "))));
    QUrl url;
    QString error;
    if (!TemplateVariables::hasReferences(trigger->url)
        && !RequestBuilder::parseUrl(trigger->url, &url, &error))
        fail(node, what + QStringLiteral(" url: ") + error);
}

Expectation Reader::readExpectation(const YAML::Node &node, const QString &what)
{
    static const QStringList kinds = {QStringLiteral("event"),  QStringLiteral("count"),
                                      QStringLiteral("order"),  QStringLiteral("none"),
                                      QStringLiteral("open"),   QStringLiteral("heartbeat"),
                                      QStringLiteral("lost"),   QStringLiteral("duplicates"),
                                      QStringLiteral("resume"), QStringLiteral("lens")};
    Expectation expectation;
    expectation.where = whereOf(node);
    QStringList known = kinds;
    known.append(QStringLiteral("capture"));
    const auto items = entries(node, what, known);
    YAML::Node capture(YAML::NodeType::Undefined);
    QString kind;
    YAML::Node value(YAML::NodeType::Undefined);
    for (const auto &[key, item] : items) {
        if (key == QStringLiteral("capture")) {
            capture = item;
        } else if (!kind.isEmpty()) {
            fail(item,
                 QStringLiteral("%1 has both %2 and %3: one expectation per list item")
                     .arg(what, kind, key));
        } else {
            kind = key;
            value = item;
        }
    }
    if (kind.isEmpty())
        fail(node,
             QStringLiteral("%1 names no expectation (one of %2)")
                 .arg(what, kinds.join(QStringLiteral(", "))));
    if (capture && kind != QStringLiteral("event"))
        fail(capture, what + QStringLiteral(": capture goes with an event expectation"));
    const QString label = what + u' ' + kind;
    if (kind == QStringLiteral("event")) {
        expectation.kind = Expectation::Kind::Event;
        expectation.matcher = readMatcher(value, label);
        if (capture)
            expectation.matcher.captures = readCaptures(capture, what + QStringLiteral(" capture"));
    } else if (kind == QStringLiteral("count")) {
        expectation.kind = Expectation::Kind::Count;
        static const QStringList countKeys = {QStringLiteral("at-least"), QStringLiteral("type"),
                                              QStringLiteral("id"), QStringLiteral("json"),
                                              QStringLiteral("data")};
        if (value.IsScalar()) {
            expectation.count = integer(value, label, 1, 100000000);
        } else {
            YAML::Node atLeast(YAML::NodeType::Undefined);
            for (const auto &[key, item] : entries(value, label, countKeys)) {
                if (key == QStringLiteral("at-least"))
                    atLeast = item;
            }
            if (!atLeast)
                fail(value, label + QStringLiteral(" needs at-least"));
            expectation.count = integer(atLeast, label + QStringLiteral(" at-least"), 1, 100000000);
            YAML::Node matcher = YAML::Clone(value);
            matcher.remove("at-least");
            if (matcher.size() > 0)
                expectation.matcher = readMatcher(matcher, label);
        }
    } else if (kind == QStringLiteral("order")) {
        expectation.kind = Expectation::Kind::Order;
        if (!value.IsSequence() || value.size() < 2)
            fail(value, label + QStringLiteral(" is not a list of at least two events"));
        for (std::size_t i = 0; i < value.size(); ++i)
            expectation.order.append(
                readMatcher(value[i], label + QStringLiteral(" item %1").arg(i + 1)));
    } else if (kind == QStringLiteral("none")) {
        expectation.kind = Expectation::Kind::None;
        expectation.matcher = readMatcher(value, label);
    } else if (kind == QStringLiteral("open")) {
        expectation.kind = Expectation::Kind::Open;
        expectation.ms = duration(value, label, CheckReader::kMaxWithinMs);
    } else if (kind == QStringLiteral("heartbeat")) {
        expectation.kind = Expectation::Kind::Heartbeat;
        expectation.ms = duration(value, label, CheckReader::kMaxWithinMs);
        if (expectation.ms == 0)
            fail(value, label + QStringLiteral(" must be longer than 0 ms"));
    } else if (kind == QStringLiteral("lost") || kind == QStringLiteral("duplicates")) {
        expectation.kind = kind == QStringLiteral("lost") ? Expectation::Kind::Lost
                                                          : Expectation::Kind::Duplicates;
        expectation.count = integer(value, label, 0, std::numeric_limits<qint64>::max());
    } else if (kind == QStringLiteral("lens")) {
        expectation.kind = Expectation::Kind::Lens;
        static const QStringList facts = {QStringLiteral("first-token"), QStringLiteral("terminal"),
                                          QStringLiteral("finish-reason"),
                                          QStringLiteral("tool-call")};
        const auto factItems = entries(value, label, facts);
        if (factItems.size() != 1)
            fail(value,
                 QStringLiteral("%1 names one fact (one of %2)")
                     .arg(label, facts.join(QStringLiteral(", "))));
        const auto &[fact, item] = factItems.first();
        const QString factLabel = label + u' ' + fact;
        if (fact == QStringLiteral("first-token")) {
            expectation.lensFact = Expectation::LensFact::FirstToken;
            expectation.ms = duration(item, factLabel, CheckReader::kMaxWithinMs);
        } else if (fact == QStringLiteral("terminal")) {
            expectation.lensFact = Expectation::LensFact::Terminal;
            if (!boolean(item, factLabel))
                fail(item,
                     factLabel + QStringLiteral(": only \"terminal: true\" is an expectation"));
        } else if (fact == QStringLiteral("tool-call")) {
            expectation.lensFact = Expectation::LensFact::ToolCall;
            expectation.text = scalar(item, factLabel);
            if (expectation.text.isEmpty())
                fail(item, factLabel + QStringLiteral(": name the tool"));
        } else {
            expectation.lensFact = Expectation::LensFact::FinishReason;
            expectation.text = scalar(item, factLabel);
        }
    } else if (kind == QStringLiteral("resume")) {
        expectation.kind = Expectation::Kind::Resume;
        if (!boolean(value, label))
            fail(value, label + QStringLiteral(": only \"resume: true\" is an expectation"));
    }
    return expectation;
}

EventMatcher Reader::readMatcher(const YAML::Node &node, const QString &what)
{
    static const QStringList known = {QStringLiteral("type"), QStringLiteral("id"),
                                      QStringLiteral("json"), QStringLiteral("data")};
    EventMatcher matcher;
    if (node.IsNull())
        return matcher; // `event:` alone: any event
    if (node.IsScalar()) {
        matcher.type = templateText(node, what + QStringLiteral(" type"));
        return matcher;
    }
    for (const auto &[key, value] : entries(node, what, known)) {
        const QString label = what + u' ' + key;
        if (key == QStringLiteral("type")) {
            matcher.type = templateText(value, label);
        } else if (key == QStringLiteral("id")) {
            matcher.id = templateText(value, label);
        } else if (key == QStringLiteral("data")) {
            matcher.dataPattern = templateText(value, label);
            checkPattern(matcher.dataPattern, value, label);
        } else if (key == QStringLiteral("json")) {
            for (const auto &[pointer, expected] : entries(value, label, {})) {
                checkPointer(pointer, keyNode(value, pointer), label);
                QString text;
                if (expected.IsNull())
                    text = QStringLiteral("null");
                else if (expected.IsScalar())
                    text = templateText(expected, label + u' ' + pointer);
                else
                    fail(expected,
                         QStringLiteral("%1 %2 is %3: expected a string, number, true, "
                                        "false or null")
                             .arg(label, pointer, typeName(expected)));
                matcher.json.append({pointer, text});
            }
            if (matcher.json.isEmpty())
                fail(value, label + QStringLiteral(" is empty: name a pointer and its value"));
        }
    }
    return matcher;
}

QList<QPair<QString, QString>> Reader::readCaptures(const YAML::Node &node, const QString &what)
{
    QList<QPair<QString, QString>> captures;
    for (const auto &[name, pointer] : entries(node, what, {})) {
        QString why;
        if (!TemplateVariables::isValidName(name, &why))
            fail(keyNode(node, name), QStringLiteral("%1 \"%2\": %3").arg(what, name, why));
        const QString text = scalar(pointer, what + u' ' + name);
        checkPointer(text, pointer, what + u' ' + name);
        captures.append({name, text});
    }
    if (captures.isEmpty())
        fail(node, what + QStringLiteral(" is empty"));
    return captures;
}

} // namespace

bool CheckReader::readFile(const QString &path, const QHash<QString, QString> &vars,
                           CheckFile *file, QString *error)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, in.errorString());
        return false;
    }
    const QByteArray text = in.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes) {
        *error = QStringLiteral("%1: larger than %2 MiB").arg(path).arg(kMaxFileBytes >> 20);
        return false;
    }
    return read(text, path, path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive), vars, file,
                error);
}

bool CheckReader::read(const QByteArray &text, const QString &source, bool json,
                       const QHash<QString, QString> &vars, CheckFile *file, QString *error)
{
    *file = CheckFile();
    file->path = source;
    file->name = QFileInfo(source).completeBaseName();
    file->vars = vars;
    if (!QUtf8StringView(text).isValidUtf8()) {
        *error = source + QStringLiteral(": not UTF-8 text");
        return false;
    }
    if (json) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            *error = location(source, markAt(text, parseError.offset)) + QStringLiteral(": ")
                + parseError.errorString();
            return false;
        }
    }
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        Reader reader(source, vars, file);
        reader.readRoot(root);
    } catch (const Failure &failure) {
        *error = location(source, failure.mark) + QStringLiteral(": ") + failure.reason;
        return false;
    } catch (const YAML::Exception &exception) {
        *error = location(source, exception.mark) + QStringLiteral(": ")
            + QString::fromStdString(exception.msg);
        return false;
    }
    return true;
}
