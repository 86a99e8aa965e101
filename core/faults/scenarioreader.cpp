// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "scenarioreader.h"

#include "faultspec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace {

constexpr int MaxRepeat = 100000;
constexpr qsizetype MaxSteps = 100000; // once the repeats are unrolled
const QString PresetPrefix = QStringLiteral("preset:");
const QString PresetDirectory = QStringLiteral(":/scenarios/");

class Reader
{
public:
    explicit Reader(QList<Scenario::Step> *steps)
        : m_steps(steps)
    { }

    // `block`: the repeat block the steps belong to, to check that their timing matches it.
    bool readSteps(const QJsonArray &array, const QString &prefix, qint64 baseMs, qint64 baseEvents,
                   int blockKind, int iteration);

    QString error;

private:
    bool fail(const QString &label, const QString &reason)
    {
        error = label + QStringLiteral(": ") + reason;
        return false;
    }
    bool readTime(const QJsonValue &value, qint64 *ms) const;

    QList<Scenario::Step> *m_steps;
};

// Block kinds: a top-level list takes both `at` and `after`; a repeat block's steps follow its
// `every` (a time or a number of events).
enum BlockKind { AnyBlock, TimeBlock, EventBlock };

bool Reader::readTime(const QJsonValue &value, qint64 *ms) const
{
    if (value.isString())
        return FaultSpec::parseDuration(value.toString(), ms);
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (number < 0 || number != std::floor(number) || number > 7.0 * 24 * 3600 * 1000)
            return false;
        *ms = qint64(number);
        return true;
    }
    return false;
}

bool Reader::readSteps(const QJsonArray &array, const QString &prefix, qint64 baseMs,
                       qint64 baseEvents, int blockKind, int iteration)
{
    static const QStringList knownKeys = {
        QStringLiteral("at"),    QStringLiteral("after"), QStringLiteral("fault"),
        QStringLiteral("set"),   QStringLiteral("clear"), QStringLiteral("repeat"),
        QStringLiteral("every"), QStringLiteral("steps"), QStringLiteral("comment"),
    };
    if (array.isEmpty())
        return fail(prefix.isEmpty() ? QStringLiteral("steps") : QStringLiteral("step ") + prefix,
                    QStringLiteral("no steps"));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString number =
            prefix.isEmpty() ? QString::number(i + 1) : prefix + u'.' + QString::number(i + 1);
        QString label = QStringLiteral("step ") + number;
        if (iteration > 0)
            label += QStringLiteral(" (repeat %1)").arg(iteration);
        const QJsonValue value = array.at(i);
        if (!value.isObject())
            return fail(label, QStringLiteral("not a JSON object"));
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!knownKeys.contains(it.key())) {
                return fail(label,
                            QStringLiteral("unknown key \"%1\" (known: %2)")
                                .arg(it.key(), knownKeys.join(QStringLiteral(", "))));
            }
        }
        if (object.contains(QStringLiteral("comment"))
            && !object.value(QStringLiteral("comment")).isString())
            return fail(label, QStringLiteral("comment is not a string"));

        Scenario::Step step;
        step.label = label;
        const bool hasAt = object.contains(QStringLiteral("at"));
        const bool hasAfter = object.contains(QStringLiteral("after"));
        if (hasAt && hasAfter)
            return fail(label, QStringLiteral("has both at and after: use one"));
        if (hasAfter && blockKind == TimeBlock)
            return fail(label,
                        QStringLiteral("after in a repeat block whose every is a time: use at"));
        if (hasAt && blockKind == EventBlock)
            return fail(
                label, QStringLiteral("at in a repeat block whose every counts events: use after"));
        qint64 offset = 0;
        if (hasAt && !readTime(object.value(QStringLiteral("at")), &offset))
            return fail(label,
                        QStringLiteral("at is not a duration such as \"5s\", \"250ms\" or "
                                       "a number of milliseconds"));
        if (hasAfter) {
            const QJsonValue after = object.value(QStringLiteral("after"));
            const double n = after.toDouble(-1);
            if (!after.isDouble() || n < 0 || n != std::floor(n) || n > 1e15)
                return fail(label, QStringLiteral("after is not a number of events"));
            offset = qint64(n);
        }
        step.byEvents = hasAfter || blockKind == EventBlock;
        step.atMs = step.byEvents ? 0 : baseMs + offset;
        step.afterEvents = step.byEvents ? baseEvents + offset : 0;

        const QStringList actions = {QStringLiteral("fault"), QStringLiteral("set"),
                                     QStringLiteral("clear"), QStringLiteral("repeat")};
        QStringList present;
        for (const QString &action : actions) {
            if (object.contains(action))
                present.append(action);
        }
        if (present.size() != 1) {
            return fail(label,
                        present.isEmpty()
                            ? QStringLiteral("has no action: give one of fault, set, clear, "
                                             "repeat")
                            : QStringLiteral("has %1: give only one action")
                                  .arg(present.join(QStringLiteral(" and "))));
        }
        const QString action = present.first();
        if (action != QLatin1String("repeat")
            && (object.contains(QStringLiteral("every"))
                || object.contains(QStringLiteral("steps"))))
            return fail(label, QStringLiteral("every and steps belong to a repeat block"));

        if (action == QLatin1String("fault")) {
            const QJsonValue spec = object.value(action);
            if (!spec.isString())
                return fail(label, QStringLiteral("fault is not a string such as \"rst\""));
            QString why;
            if (!FaultSpec::parse(spec.toString(), &step.fault, &why))
                return fail(label, QStringLiteral("fault \"%1\": %2").arg(spec.toString(), why));
            step.action = Scenario::Step::Action::Fault;
            step.text = QStringLiteral("fault ") + step.fault.spec;
        } else if (action == QLatin1String("clear")) {
            if (object.value(action) != QJsonValue(true))
                return fail(label, QStringLiteral("clear takes true"));
            step.action = Scenario::Step::Action::Clear;
            step.text = QStringLiteral("clear");
        } else if (action == QLatin1String("set")) {
            const QJsonValue set = object.value(action);
            if (!set.isObject() || set.toObject().isEmpty())
                return fail(label,
                            QStringLiteral("set is not an object of settings such as "
                                           "{\"event-ms\": 100}"));
            const QJsonObject settings = set.toObject();
            QStringList parts;
            for (auto it = settings.begin(); it != settings.end(); ++it) {
                const QString key = it.key();
                const QJsonValue v = it.value();
                const double n = v.toDouble(-1);
                const bool count = v.isDouble() && n >= 0 && n == std::floor(n) && n <= 86400000;
                if (key == QLatin1String("heartbeat-ms") || key == QLatin1String("event-ms")) {
                    if (!count)
                        return fail(label,
                                    QStringLiteral("set: %1 is not a number of "
                                                   "milliseconds (0 = off)")
                                        .arg(key));
                    (key == QLatin1String("event-ms") ? step.eventMs : step.heartbeatMs) =
                        qint64(n);
                    parts.append(key + u'=' + QString::number(qint64(n)));
                } else if (key == QLatin1String("heartbeat-form")) {
                    const QString form = v.toString();
                    if (form != QLatin1String("comment") && form != QLatin1String("event")
                        && form != QLatin1String("data"))
                        return fail(label,
                                    QStringLiteral("set: heartbeat-form is comment, event "
                                                   "or data"));
                    step.heartbeatForm = form;
                    parts.append(key + u'=' + form);
                } else if (key == QLatin1String("payload")) {
                    if (!v.isString())
                        return fail(label, QStringLiteral("set: payload is not a string"));
                    step.payload = v.toString().toUtf8();
                    parts.append(key + u'=' + v.toString());
                } else {
                    return fail(label,
                                QStringLiteral("set: unknown setting \"%1\" (known: "
                                               "event-ms, heartbeat-ms, heartbeat-form, "
                                               "payload)")
                                    .arg(key));
                }
            }
            step.action = Scenario::Step::Action::Set;
            step.text = QStringLiteral("set ") + parts.join(u' ');
        } else {
            const QJsonValue repeat = object.value(action);
            const double times = repeat.toDouble(-1);
            if (!repeat.isDouble() || times < 1 || times != std::floor(times) || times > MaxRepeat)
                return fail(label,
                            QStringLiteral("repeat is not a count from 1 to %1").arg(MaxRepeat));
            const QJsonValue every = object.value(QStringLiteral("every"));
            int kind = TimeBlock;
            qint64 period = 0;
            if (every.isString() && FaultSpec::parseDuration(every.toString(), &period)
                && period > 0) {
                kind = TimeBlock;
            } else if (every.isDouble() && every.toDouble() >= 1
                       && every.toDouble() == std::floor(every.toDouble())) {
                kind = EventBlock;
                period = qint64(every.toDouble());
            } else {
                return fail(label,
                            QStringLiteral("a repeat needs every: a duration (\"10s\") or "
                                           "a number of events (50)"));
            }
            if (kind == TimeBlock && step.byEvents)
                return fail(label,
                            QStringLiteral("a repeat started by after needs every as a "
                                           "number of events"));
            if (kind == EventBlock && hasAt)
                return fail(label,
                            QStringLiteral("a repeat started by at needs every as a "
                                           "duration"));
            const QJsonValue inner = object.value(QStringLiteral("steps"));
            if (!inner.isArray())
                return fail(label, QStringLiteral("a repeat needs steps (an array)"));
            for (int k = 0; k < int(times); ++k) {
                const qint64 ms = kind == TimeBlock ? step.atMs + k * period : 0;
                const qint64 events = kind == EventBlock ? step.afterEvents + k * period : 0;
                if (!readSteps(inner.toArray(), number, ms, events, kind, k + 1))
                    return false;
                if (m_steps->size() > MaxSteps)
                    return fail(label,
                                QStringLiteral("more than %1 steps once repeated").arg(MaxSteps));
            }
            continue;
        }
        m_steps->append(step);
    }
    return true;
}

} // namespace

bool ScenarioReader::readFile(const QString &path, Scenario *scenario, QString *error,
                              QByteArray *json)
{
    QString file = path;
    if (path.startsWith(PresetPrefix)) {
        const QString name = path.mid(PresetPrefix.size());
        if (!presets().contains(name)) {
            if (error) {
                *error = QStringLiteral("%1: no such preset (presets: %2)")
                             .arg(path, presets().join(QStringLiteral(", ")));
            }
            return false;
        }
        file = PresetDirectory + name + QStringLiteral(".json");
    }
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, in.errorString());
        return false;
    }
    const QByteArray bytes = in.readAll();
    if (json)
        *json = bytes;
    return read(bytes, path, scenario, error);
}

bool ScenarioReader::read(const QByteArray &json, const QString &source, Scenario *scenario,
                          QString *error)
{
    auto fail = [&](const QString &reason) {
        if (error)
            *error = source + QStringLiteral(": ") + reason;
        return false;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("invalid JSON at byte %1: %2")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
    if (!document.isObject())
        return fail(QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString key = it.key();
        if (key != QLatin1String("$schema") && key != QLatin1String("name")
            && key != QLatin1String("description") && key != QLatin1String("steps"))
            return fail(
                QStringLiteral("unknown key \"%1\" (known: name, description, steps)").arg(key));
    }
    Scenario result;
    result.source = source;
    const QJsonValue name = root.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return fail(QStringLiteral("name is missing or not a string"));
    result.name = name.toString();
    const QJsonValue description = root.value(QStringLiteral("description"));
    if (!description.isString())
        return fail(QStringLiteral("description is missing or not a string"));
    result.description = description.toString();
    const QJsonValue steps = root.value(QStringLiteral("steps"));
    if (!steps.isArray())
        return fail(QStringLiteral("steps is missing or not an array"));
    Reader reader(&result.steps);
    if (!reader.readSteps(steps.toArray(), QString(), 0, 0, AnyBlock, 0))
        return fail(reader.error);
    *scenario = result;
    return true;
}

QStringList ScenarioReader::presets()
{
    QStringList names;
    const QStringList files =
        QDir(PresetDirectory).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        if (file != QLatin1String("scenario.schema.json"))
            names.append(QFileInfo(file).completeBaseName());
    }
    return names;
}
