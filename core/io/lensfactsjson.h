// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

#include "lens/lensfacts.h"

#include <QJsonObject>
#include <QString>

// LensFacts in full as JSON and back, for the `lens_facts` record a session file keeps so that
// a reopened session shows what the lens understood (the answer, the timings, the gaps, the
// problems) as it was, even when the log had let the early events go. Reading checks what it
// takes: the bounds a lens keeps to (LensFacts::kMaxBlocks, kMaxKeptBytes), known names, gap
// stats that add up; a file that breaks them is refused with the reason.
namespace LensFactsJson {

QJsonObject toJson(const LensFacts &facts);
bool fromJson(const QJsonObject &object, LensFacts *facts, QString *error);

} // namespace LensFactsJson
