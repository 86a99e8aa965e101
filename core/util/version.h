// SPDX-FileCopyrightText: 2026 The ssemon developers
// SPDX-License-Identifier: MIT
#pragma once

// Which ssemon this is. The definitions are in a source file the build generates (from
// core/util/version.cpp.in, by core/util/version.cmake, see core/util/CMakeLists.txt) and
// rewrites only when the commit changes, so that a new commit recompiles that one file.
namespace Version {

// The release, project(VERSION) of the top-level CMakeLists.txt: "0.1.0".
const char *number();
// The git commit built (12 hex digits), "unknown" when not built from a git checkout.
const char *commit();

} // namespace Version
