# Helpers shared by every test folder.
#
#   cm_unit_test(NAME SOURCES a.c b.c LIBS cm ...)  - a cmocka test registered with ctest
#   cm_wasm_guest(NAME SOURCES x.c [FLAGS ...] [FREESTANDING])
#       - builds x.c to ${CM_GUEST_DIR}/NAME.wasm with clang at build time
#         (wasm32-wasi + wasi-libc, or wasm32 freestanding); target guest-NAME
#
# Oracles (found once here; the test command installs them):
#   CM_WASM_TOOLS  wasm-tools (crates.io)      CM_JCO  jco (npm)
#   CM_WASM_CC     clang that targets wasm32   CM_WAST2JSON  wast2json (wabt)
#   CM_WAC         wac (crates.io)             CM_WASMTIME  wasmtime (crates.io)

find_package(PkgConfig REQUIRED)
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

find_program(CM_WASM_CC NAMES clang-19 clang)
find_program(CM_WAST2JSON NAMES wast2json)
find_program(CM_WASM_TOOLS NAMES wasm-tools HINTS $ENV{HOME}/.cargo/bin)
find_program(CM_WAC NAMES wac HINTS $ENV{HOME}/.cargo/bin)
find_program(CM_WASMTIME NAMES wasmtime HINTS $ENV{HOME}/.cargo/bin $ENV{HOME}/.wasmtime/bin)
find_program(CM_JCO NAMES jco HINTS ${PROJECT_SOURCE_DIR}/tests/oracles/node_modules/.bin)
set(CM_GUEST_DIR ${CMAKE_BINARY_DIR}/guests)
set(CM_SHARED_DIR ${PROJECT_SOURCE_DIR}/../shared CACHE PATH "the shared data folder (testsuite, bench, reference WIT)")
file(MAKE_DIRECTORY ${CM_GUEST_DIR})

function(cm_unit_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::CMOCKA)
  if(CM_WERROR_TESTS)
    target_compile_options(${name} PRIVATE -Werror)
  endif()
  add_test(NAME ${name} COMMAND ${name})
endfunction()

function(cm_wasm_guest name)
  cmake_parse_arguments(G "FREESTANDING" "" "SOURCES;FLAGS" ${ARGN})
  if(NOT CM_WASM_CC)
    message(FATAL_ERROR "no clang for wasm32 found (install clang-19 lld-19 wasi-libc)")
  endif()
  set(out ${CM_GUEST_DIR}/${name}.wasm)
  if(G_FREESTANDING)
    set(target --target=wasm32 -nostdlib -Wl,--no-entry)
  else()
    set(target --target=wasm32-wasi)
  endif()
  set(srcs)
  foreach(s ${G_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE)
    list(APPEND srcs ${abs})
  endforeach()
  add_custom_command(OUTPUT ${out}
    COMMAND ${CM_WASM_CC} ${target} -O2 ${G_FLAGS} -o ${out} ${srcs}
    DEPENDS ${srcs} VERBATIM COMMENT "clang -> ${name}.wasm")
  add_custom_target(guest-${name} ALL DEPENDS ${out})
endfunction()
