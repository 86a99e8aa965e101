# SPDX-FileCopyrightText: 2026 The ssemon developers
# SPDX-License-Identifier: MIT
# ctest `layering`: every #include "..." under core/ against the graph that the components
# declare (ssemon_add_component() in core/*/CMakeLists.txt, written out to GRAPH when
# configuring). Prints one line per include the graph does not allow and fails if there is one.
#   cmake -DGRAPH=<build>/core/layering-graph.cmake -DCORE=<source>/core -P checklayering.cmake
#
# A component may include its own headers ("name.h" from its folder, or "<own>/name.h"), those of
# the components it sees (what it uses, and what those use PUBLIC), and the RECORDS headers of a
# component whose <name>_records it uses. Never a relative path out of its folder.
cmake_minimum_required(VERSION 3.25)
foreach(var GRAPH CORE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "checklayering.cmake: ${var} is not set")
    endif()
endforeach()
include("${GRAPH}")

file(GLOB_RECURSE files RELATIVE "${CORE}" "${CORE}/*.h" "${CORE}/*.cpp" "${CORE}/*.cpp.in")
list(SORT files)
set(errors 0)
set(checked 0)
foreach(file IN LISTS files)
    string(REGEX MATCH "^[^/]+" component "${file}")
    get_filename_component(folder "${file}" DIRECTORY)
    if(NOT component IN_LIST SSEMON_COMPONENTS OR NOT folder STREQUAL component)
        message("core/${file}: not in a component folder (core/<component>/)")
        math(EXPR errors "${errors} + 1")
        continue()
    endif()
    file(STRINGS "${CORE}/${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]*)\".*$" "\\1" included "${line}")
        math(EXPR checked "${checked} + 1")
        set(why "")
        if(included MATCHES "(^|/)\\.\\.?/")
            set(why "a relative path (another component's header is \"<component>/file.h\")")
        elseif(included MATCHES "^([^/]+)/(.+)$")
            set(other "${CMAKE_MATCH_1}")
            set(header "${CMAKE_MATCH_2}")
            if(other STREQUAL component OR other IN_LIST SSEMON_SEES_${component})
                # allowed
            elseif(NOT other IN_LIST SSEMON_COMPONENTS)
                set(why "core/${other} is not a core component")
            elseif("${other}_records" IN_LIST SSEMON_SEES_${component})
                if(NOT header IN_LIST SSEMON_RECORDS_${other}_records)
                    set(why "core/${component} uses only the records of core/${other} "
                        "(${SSEMON_RECORDS_${other}_records})")
                endif()
            else()
                set(why "core/${component} does not use core/${other}")
            endif()
        elseif(NOT EXISTS "${CORE}/${folder}/${included}")
            set(why "no such header in core/${folder}")
        endif()
        if(why)
            string(REPLACE ";" "" why "${why}")
            string(REPLACE ";" ", " sees "${SSEMON_SEES_${component}}")
            message("core/${file}: #include \"${included}\": ${why} "
                "(core/${component} sees: ${sees})")
            math(EXPR errors "${errors} + 1")
        endif()
    endforeach()
endforeach()

if(checked EQUAL 0)
    message(FATAL_ERROR "no #include found under ${CORE}")
endif()
if(errors GREATER 0)
    message(FATAL_ERROR "${errors} include(s) against the layering declared in "
        "core/*/CMakeLists.txt (ssemon_add_component); ${checked} checked")
endif()
message("layering: ${checked} includes in core/ match the declared graph")
