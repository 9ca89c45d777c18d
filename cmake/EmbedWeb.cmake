# Builds the studio (web/) with npm and embeds it into the lathe binary.
#
#   lathe_embed_web(OUTPUT <generated.cc>)
#
# With LATHE_EMBED_WEB ON, npm found and web/node_modules present (scripts/bootstrap.sh web runs
# `npm ci`), two custom commands run at build time:
#   1. `npm run build` in web/ (type check, vite build into <build>/web/dist, bundle-size budget),
#      re-run only when a file under web/src or web/public, the lock file, index.html or the
#      Vite/TypeScript config changes (a stamp file records the last build);
#   2. `cmake -P cmake/embed_web_assets.cmake`, which gzips each file deterministically and writes
#      <generated.cc> with the sorted asset table and FindWebAsset / HaveWebAssets.
# Otherwise it warns and writes, at configure time, a table with no assets, so the C++ build still
# works and HaveWebAssets() returns false.

set(LATHE_WEB_DIR "${PROJECT_SOURCE_DIR}/web")
set(LATHE_EMBED_SCRIPT "${PROJECT_SOURCE_DIR}/cmake/embed_web_assets.cmake")

function(lathe_embed_web)
  cmake_parse_arguments(ARG "" "OUTPUT" "" ${ARGN})
  if(NOT ARG_OUTPUT)
    message(FATAL_ERROR "lathe_embed_web: OUTPUT is required")
  endif()

  set(reason "")
  if(NOT LATHE_EMBED_WEB)
    set(reason "LATHE_EMBED_WEB is OFF")
  else()
    find_program(LATHE_NPM npm)
    if(NOT LATHE_NPM)
      set(reason "npm was not found (run scripts/bootstrap.sh web)")
    elseif(NOT EXISTS "${LATHE_WEB_DIR}/node_modules/.bin/vite")
      set(reason "web/node_modules is missing (run scripts/bootstrap.sh web, then re-run cmake)")
    endif()
  endif()

  if(reason)
    if(LATHE_EMBED_WEB)
      message(WARNING "Studio not embedded: ${reason}. `lathe serve` will have no web UI.")
    else()
      message(STATUS "Studio not embedded: ${reason}")
    endif()
    execute_process(
      COMMAND ${CMAKE_COMMAND} -DDIST_DIR= -DOUTPUT=${ARG_OUTPUT} -P ${LATHE_EMBED_SCRIPT}
      OUTPUT_QUIET
      RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "lathe_embed_web: could not write ${ARG_OUTPUT}")
    endif()
    return()
  endif()

  find_program(LATHE_GZIP gzip)
  if(NOT LATHE_GZIP)
    message(WARNING "gzip was not found: the studio is embedded uncompressed")
  endif()

  # The no-GLOB rule is for C++ sources; here a glob keeps the dependency list complete.
  file(GLOB_RECURSE web_inputs CONFIGURE_DEPENDS
    "${LATHE_WEB_DIR}/src/*" "${LATHE_WEB_DIR}/public/*")
  list(APPEND web_inputs
    "${LATHE_WEB_DIR}/package.json"
    "${LATHE_WEB_DIR}/package-lock.json"
    "${LATHE_WEB_DIR}/index.html"
    "${LATHE_WEB_DIR}/vite.config.ts"
    "${LATHE_WEB_DIR}/tsconfig.json"
    "${LATHE_WEB_DIR}/scripts/check-bundle-size.mjs")

  set(dist_dir "${CMAKE_CURRENT_BINARY_DIR}/web/dist")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/web/build.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND ${CMAKE_COMMAND} -E env "LATHE_WEB_DIST=${dist_dir}" ${LATHE_NPM} run --silent build
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    WORKING_DIRECTORY "${LATHE_WEB_DIR}"
    DEPENDS ${web_inputs}
    COMMENT "Building the studio (npm run build)"
    VERBATIM)
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND ${CMAKE_COMMAND} "-DDIST_DIR=${dist_dir}" "-DOUTPUT=${ARG_OUTPUT}"
            "-DGZIP=${LATHE_GZIP}" -P "${LATHE_EMBED_SCRIPT}"
    DEPENDS "${stamp}" "${LATHE_EMBED_SCRIPT}"
    COMMENT "Embedding the studio into ${ARG_OUTPUT}"
    VERBATIM)
  message(STATUS "Studio: embedded from web/ (npm run build at build time)")
endfunction()
