# Runs one metaforge-cli command and checks its exit code and output.
#   -DCLI=<path> -DARGS=<;-list> -DEXPECT_RC=<int>
#   [-DSTDOUT_MATCH=<;-list of regexes>] [-DSTDERR_MATCH=<regex>]
# A failing command must print exactly one line on stderr.
separate_arguments(arg_list UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${CLI} ${arg_list}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL EXPECT_RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXPECT_RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
foreach(re IN LISTS STDOUT_MATCH)
  if(NOT out MATCHES "${re}")
    message(FATAL_ERROR "stdout does not match '${re}':\n${out}")
  endif()
endforeach()
if(DEFINED STDERR_MATCH AND NOT err MATCHES "${STDERR_MATCH}")
  message(FATAL_ERROR "stderr does not match '${STDERR_MATCH}':\n${err}")
endif()
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n)
  if(NOT n EQUAL 1)
    message(FATAL_ERROR "a failing command must print one line on stderr, got ${n}:\n${err}")
  endif()
endif()
