# Helpers that give every MetaForge target the same warnings and layout.

# Warnings apply to the project's own sources only; third-party headers come in through
# imported targets, which CMake marks as SYSTEM includes, so they stay quiet.
function(mf_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
      -Wold-style-cast -Wcast-align -Woverloaded-virtual
      # GCC 12 reports false -Wrestrict positives inside libstdc++'s std::string at -O3
      # (GCC bug 105329); they are not in our code.
      -Wno-restrict
      # Notes about the calling convention of SIMD vector types; ours never cross a library
      # boundary (inline helpers only).
      -Wno-psabi>)
  if(MF_WERROR)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
  endif()
endfunction()

# mf_core_library(NAME mf_tensor SOURCES ... DEPENDS ...)
# One CMake target per core folder; include paths are rooted at the repository so that
# includes read "core/tensor/stiffness.hpp".
function(mf_core_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPENDS" ${ARGN})
  add_library(${ARG_NAME} ${ARG_SOURCES})
  target_include_directories(${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PUBLIC ${ARG_DEPENDS})
  target_compile_features(${ARG_NAME} PUBLIC cxx_std_20)
  set_target_properties(${ARG_NAME} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  mf_set_warnings(${ARG_NAME})
endfunction()
