# SPDX-License-Identifier: GPL-3.0-or-later
# Warnings for Sandi's own targets (never applied to third-party code).
function(sandi_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false -Wrestrict, -Wstringop-overflow/-overread and -Warray-bounds errors
    # inside std::string and std::vector at -O3 (GCC bugs 105329, 106199, 107852); the
    # warnings stay on for clang, and ASan/UBSan check the bounds at run time.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overflow -Wno-stringop-overread -Wno-array-bounds)
  endif()
  if(SANDI_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
