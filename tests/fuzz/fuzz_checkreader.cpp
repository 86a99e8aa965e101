// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The check-file reader (`ssemon-cli check`), on any bytes read as YAML and as strict JSON: no
// crash, no hang, a refusal always names the file, a line and a column, and what it accepts is
// runnable: every step names a stream that exists and has a window within the bound (0: judged
// at once), and each expectation can describe itself.
#include "check/checkreader.h"

#include <cstdint>
#include <cstdlib>

namespace {

void check(const QByteArray &bytes, const QString &source, bool json)
{
    CheckFile file;
    QString error;
    if (!CheckReader::read(bytes, source, json, {}, &file, &error)) {
        // "fuzz.yaml:12:7: reason" (or the file alone when it is not even text).
        if (!error.startsWith(source + QLatin1Char(':')) || error.size() <= source.size() + 1)
            std::abort();
        return;
    }
    if (file.steps.isEmpty() || file.streams.isEmpty())
        std::abort();
    for (const CheckStep &step : std::as_const(file.steps)) {
        if (step.stream < 0 || step.stream >= file.streams.size() || step.withinMs < 0
            || step.withinMs > CheckReader::kMaxWithinMs)
            std::abort();
        (void)step.trigger.describe();
        for (const Expectation &expectation : step.expectations) {
            if (expectation.describe().isEmpty() || expectation.count < 0 || expectation.ms < 0)
                std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > size_t(CheckReader::kMaxFileBytes))
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    check(bytes, QStringLiteral("fuzz.yaml"), false);
    check(bytes, QStringLiteral("fuzz.json"), true);
    return 0;
}
