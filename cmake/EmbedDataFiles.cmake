# Compiles data files into a library (sentiment lexicons, profanity lists...), so nothing is read
# from disk at run time.
#
#   lathe_embed_data_files(OUTPUT <generated.cc> HEADER <include path> NAMESPACE <ns>
#                          FILES <Function>=<path> ... [COMMENT <text>])
#
# adds a custom command that runs cmake/embed_data_files.cmake whenever a listed file (or the
# script) changes; each file becomes `std::string_view <Function>()` in <ns>, which HEADER
# declares. Add <generated.cc> to the library's sources.

set(LATHE_EMBED_DATA_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_data_files.cmake")

function(lathe_embed_data_files)
  cmake_parse_arguments(ARG "" "OUTPUT;HEADER;NAMESPACE;COMMENT" "FILES" ${ARGN})
  foreach(required OUTPUT HEADER NAMESPACE FILES)
    if(NOT ARG_${required})
      message(FATAL_ERROR "lathe_embed_data_files: ${required} is required")
    endif()
  endforeach()
  if(NOT ARG_COMMENT)
    set(ARG_COMMENT "Embedding data files into ${ARG_OUTPUT}")
  endif()
  set(paths ${ARG_FILES})
  list(TRANSFORM paths REPLACE "^[^=]*=" "")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUT=${ARG_OUTPUT} -DHEADER=${ARG_HEADER}
            -DNAMESPACE=${ARG_NAMESPACE} "-DFILES=${ARG_FILES}" -P ${LATHE_EMBED_DATA_SCRIPT}
    DEPENDS ${paths} ${LATHE_EMBED_DATA_SCRIPT}
    COMMENT "${ARG_COMMENT}"
    VERBATIM)
endfunction()
