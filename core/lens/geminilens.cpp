// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#include "geminilens.h"

#include "lenscontext.h"
#include "lensjson.h"
#include "lensstate.h"

using namespace LensJson;

bool GeminiLens::matchesUrl(const LensContext &context)
{
    return context.path().contains(":streamGenerateContent");
}

bool GeminiLens::matchesHeaders(const LensContext &context)
{
    const QByteArray host = context.host();
    return host == "generativelanguage.googleapis.com" || host.endsWith("aiplatform.googleapis.com")
        || !context.requestHeader("x-goog-api-key").isEmpty();
}

bool GeminiLens::matchesEvent(const LensEvent &event)
{
    if (!event.isJson || event.json.contains(QLatin1String("choices")))
        return false;
    return event.json.value(QLatin1String("candidates")).isArray()
        || event.json.value(QLatin1String("usageMetadata")).isObject()
        || event.json.value(QLatin1String("promptFeedback")).isObject();
}

void GeminiLens::event(const LensEvent &event, LensState &state)
{
    if (!requireJson(event, state))
        return;
    const QJsonObject &json = event.json;
    if (json.contains(QLatin1String("error"))) {
        const QJsonObject error = object(json, QLatin1String("error"));
        QString text = string(error, QLatin1String("message"));
        const QString status = string(error, QLatin1String("status"));
        if (!status.isEmpty())
            text = status + QStringLiteral(": ") + text;
        state.errorEvent(QStringLiteral("error in the stream: %1").arg(text));
        return;
    }
    state.setModel(string(json, QLatin1String("modelVersion")));
    state.setResponseId(string(json, QLatin1String("responseId")));

    const QJsonArray candidates = array(json, QLatin1String("candidates"));
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QJsonObject c = candidates.at(i).toObject();
        const qint64 index64 = integer(c, QLatin1String("index"), i);
        if (index64 < 0 || index64 >= LensFacts::kMaxBlocks) {
            state.problem(LensProblem::Code::Unexpected,
                          QStringLiteral("event %1: a candidate index that is no small number")
                              .arg(event.number));
            continue;
        }
        const int index = int(index64);
        if (!m_candidates.contains(index) && m_candidates.size() >= LensFacts::kMaxBlocks)
            continue;
        Candidate &candidate = m_candidates[index];
        const QJsonArray parts = array(object(c, QLatin1String("content")), QLatin1String("parts"));
        for (const QJsonValue &value : parts) {
            const QJsonObject part = value.toObject();
            const QString text = string(part, QLatin1String("text"));
            const bool call = part.value(QLatin1String("functionCall")).isObject();
            if (candidate.finished && (!text.isEmpty() || call)) {
                state.problem(LensProblem::Code::AfterEnd,
                              QStringLiteral("event %1: content for candidate %2 after its "
                                             "finishReason")
                                  .arg(event.number)
                                  .arg(index));
            }
            const bool thought = part.value(QLatin1String("thought")).toBool();
            state.appendText(thought ? LensBlock::Kind::Reasoning : LensBlock::Kind::Text, index, 0,
                             0, text);
            if (call) {
                const QJsonObject function = object(part, QLatin1String("functionCall"));
                const int b = state.toolCall(index, candidate.tools++);
                state.setToolIdentity(b, string(function, QLatin1String("id")),
                                      string(function, QLatin1String("name")));
                const QJsonValue args = function.value(QLatin1String("args"));
                state.appendToolArguments(
                    b, QString::fromUtf8(args.isUndefined() ? QByteArray("{}") : compact(args)));
                state.completeToolCall(b);
            }
        }
        const QString reason = string(c, QLatin1String("finishReason"));
        if (!reason.isEmpty() && reason != QLatin1String("FINISH_REASON_UNSPECIFIED")) {
            state.setFinishReason(index, reason);
            candidate.finished = true;
        }
    }

    const QJsonObject usage = object(json, QLatin1String("usageMetadata"));
    if (!usage.isEmpty()) {
        LensUsage u;
        u.inputTokens = integer(usage, QLatin1String("promptTokenCount"));
        u.outputTokens = integer(usage, QLatin1String("candidatesTokenCount"));
        u.totalTokens = integer(usage, QLatin1String("totalTokenCount"));
        u.reasoningTokens = integer(usage, QLatin1String("thoughtsTokenCount"));
        state.mergeUsage(u);
    }

    const QString blocked =
        string(object(json, QLatin1String("promptFeedback")), QLatin1String("blockReason"));
    if (!blocked.isEmpty()) {
        // The prompt was refused: no candidate follows, and that is the whole answer.
        state.setFinishReason(0, blocked);
        state.markTerminal();
        return;
    }
    if (state.terminal() || m_candidates.isEmpty())
        return;
    for (const Candidate &candidate : std::as_const(m_candidates)) {
        if (!candidate.finished)
            return;
    }
    state.markTerminal();
}
