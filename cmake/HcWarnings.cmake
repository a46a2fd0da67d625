# Warnings for every Headcount target; HC_WERROR (on in CI through `make test`) makes them errors.
add_library(hc_warnings INTERFACE)
add_library(hc::warnings ALIAS hc_warnings)
target_compile_options(hc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${HC_WERROR}>:-Werror>)

# Declares a module library `hc_<name>` with the alias `hc::<name>`.
#   hc_module(NAME sim SOURCES a.cpp b.cpp DEPS hc::core opencv)
# With no SOURCES the module is header-only (INTERFACE).
function(hc_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target hc_${M_NAME})
  if(M_SOURCES)
    add_library(${target} STATIC ${M_SOURCES})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${M_DEPS} PRIVATE hc::warnings ${M_PRIVATE_DEPS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} INTERFACE ${M_DEPS})
  endif()
  add_library(hc::${M_NAME} ALIAS ${target})
endfunction()
