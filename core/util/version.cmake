# SPDX-FileCopyrightText: 2026 The ssemon developers
# SPDX-License-Identifier: MIT
# Run at every build (cmake -P, see core/util/CMakeLists.txt): writes OUTPUT from INPUT with the
# release VERSION and the commit git names now. The file is written through a temporary and
# copied only if different, so an unchanged commit leaves it (and its object) as they were.
#   -DINPUT=<version.cpp.in> -DOUTPUT=<version.cpp> -DVERSION=<x.y.z> -DSOURCE_DIR=<checkout>
#   [-DGIT_EXECUTABLE=<git>]
cmake_minimum_required(VERSION 3.25)
foreach(var INPUT OUTPUT VERSION SOURCE_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "version.cmake: ${var} is not set")
    endif()
endforeach()

set(SSEMON_VERSION "${VERSION}")
set(SSEMON_GIT_COMMIT "unknown")
# .git is a directory in a clone and a file in a worktree.
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
    execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
        WORKING_DIRECTORY "${SOURCE_DIR}"
        OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND NOT commit STREQUAL "")
        set(SSEMON_GIT_COMMIT "${commit}")
    endif()
endif()

configure_file("${INPUT}" "${OUTPUT}.tmp" @ONLY)
execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}"
    RESULT_VARIABLE rc)
file(REMOVE "${OUTPUT}.tmp")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "version.cmake: cannot write ${OUTPUT}")
endif()
