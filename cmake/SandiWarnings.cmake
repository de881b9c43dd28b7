# SPDX-License-Identifier: GPL-3.0-or-later
# Warnings for Sandi's own targets (never applied to third-party code).
function(sandi_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false -Wrestrict errors inside std::string's operator+ at -O3
    # (GCC bug 105329); the warning stays on for other compilers.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(SANDI_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
