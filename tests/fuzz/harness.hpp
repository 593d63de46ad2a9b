#pragma once
// What every fuzz harness shares. A harness is one function, LLVMFuzzerTestOneInput, that hands
// the bytes to one of MetaForge's readers the way a user's file reaches it (written to a file,
// then opened) and requires one of two outcomes: a result, or a std::exception with a message.
// Anything else — a crash, a sanitizer report, an abort, a hang, an allocation past the
// documented limits — is a finding. Built two ways (tests/fuzz/CMakeLists.txt): with libFuzzer
// and ASan + UBSan by tests/fuzz/run.sh, and as a plain program that replays a corpus (CI).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace mf::fuzz {

// The input as a file of this name in a per-process scratch folder (readers take paths).
inline std::filesystem::path asFile(const std::uint8_t* data, std::size_t size, const std::string& name) {
  static const std::filesystem::path dir = [] {
    const auto d = std::filesystem::temp_directory_path() / ("mf_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace mf::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
