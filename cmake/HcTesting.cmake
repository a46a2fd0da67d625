# hc_test(NAME test_sim SOURCES a_test.cpp LIBS hc::sim LABELS unit)
# One GoogleTest executable, registered with CTest test by test. Tests find ../shared/data through
# the HC_SHARED_DATA_DIR definition and the repository through HC_SOURCE_DIR.
function(hc_test)
  if(NOT HC_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  find_package(GTest REQUIRED)
  include(GoogleTest)
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main hc::warnings)
  target_compile_definitions(${T_NAME} PRIVATE
    HC_SHARED_DATA_DIR="${HC_SHARED_DATA_DIR}" HC_SOURCE_DIR="${HC_SOURCE_DIR}"
    HC_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  gtest_discover_tests(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
                       DISCOVERY_TIMEOUT 60)
endfunction()

# hc_bench(NAME bench_stereo SOURCES a_bench.cpp LIBS hc::stereo): a Google Benchmark executable.
# Benchmarks are built with the tests but never run as tests: speed is measured, not asserted.
function(hc_bench)
  if(NOT HC_BUILD_BENCH)
    return()
  endif()
  cmake_parse_arguments(B "" "NAME" "SOURCES;LIBS" ${ARGN})
  find_package(benchmark REQUIRED)
  add_executable(${B_NAME} ${B_SOURCES})
  target_link_libraries(${B_NAME} PRIVATE ${B_LIBS} benchmark::benchmark hc::warnings)
  target_compile_definitions(${B_NAME} PRIVATE
    HC_SHARED_DATA_DIR="${HC_SHARED_DATA_DIR}" HC_SOURCE_DIR="${HC_SOURCE_DIR}")
endfunction()
