// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
// The scenario file reader and the one-line fault vocabulary it uses (FaultSpec, also what
// `--fault` and the control API read): no crash on any bytes, a refusal always says why, and
// what it accepts is usable (every step has a label and a text, times are not negative).
#include "faults/faultspec.h"
#include "faults/scenarioreader.h"

#include <cstdint>
#include <cstdlib>

namespace {

void checkFaultLine(QStringView line)
{
    Fault fault;
    QString error;
    if (!FaultSpec::parse(line, &fault, &error)) {
        if (error.isEmpty())
            std::abort();
        return;
    }
    (void)fault.name();
    qint64 ms = 0;
    (void)FaultSpec::parseDuration(line, &ms);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    Scenario scenario;
    QString error;
    if (!ScenarioReader::read(bytes, QStringLiteral("fuzz.json"), &scenario, &error)) {
        if (error.isEmpty())
            std::abort();
    } else {
        for (const Scenario::Step &step : std::as_const(scenario.steps)) {
            if (step.label.isEmpty() || step.text.isEmpty() || step.atMs < 0
                || step.afterEvents < 0)
                std::abort();
        }
    }

    // The same bytes as fault lines, one per line, as `--fault` and the control API take them.
    const QString text = QString::fromUtf8(bytes);
    for (QStringView line : QStringView(text).split(u'\n'))
        checkFaultLine(line);
    return 0;
}
