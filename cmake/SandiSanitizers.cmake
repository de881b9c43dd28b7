# SPDX-License-Identifier: GPL-3.0-or-later
if(SANDI_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(SANDI_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SANDI_FUZZ needs clang (CMAKE_CXX_COMPILER=clang++)")
  endif()
  # -fno-sanitize-recover: the first UBSan report stops the fuzzer (and fails CI).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
