# lathe_cc_library(NAME name SRCS a.cc b.cc DEPS lathe::core ...)
#   Creates the static library lathe_<name> with alias lathe::<name>. Include paths are rooted at src/.
# lathe_cc_test(NAME name SRCS x_test.cc DEPS lathe::data LABELS unit)
#   Creates a GoogleTest binary and registers every test case with CTest.
# lathe_embed_data_files(OUTPUT x.cc HEADER h NAMESPACE ns FILES Fn=path ...)
#   Compiles data files into a library as string_views (cmake/EmbedDataFiles.cmake).

include(${CMAKE_CURRENT_LIST_DIR}/EmbedDataFiles.cmake)

set(LATHE_WARNINGS -Wall -Wextra -Werror -Wno-error=deprecated-declarations)

function(lathe_cc_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_library(lathe_${ARG_NAME} STATIC ${ARG_SRCS})
  add_library(lathe::${ARG_NAME} ALIAS lathe_${ARG_NAME})
  target_include_directories(lathe_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(lathe_${ARG_NAME} PRIVATE ${LATHE_WARNINGS})
  target_link_libraries(lathe_${ARG_NAME} PUBLIC ${ARG_DEPS})
endfunction()

function(lathe_cc_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_options(${ARG_NAME} PRIVATE ${LATHE_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  # Tests find fixtures and the lathe binary through these (generator expressions work here).
  target_compile_definitions(${ARG_NAME} PRIVATE
    LATHE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    LATHE_BINARY_PATH="${PROJECT_BINARY_DIR}/lathe")
  gtest_discover_tests(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
