// Cell files: the first byte chooses the format (.raw, .npy, .vdb), the rest is the file, read
// by io::readCell as File › Open cell and every CLI command read it. .vdb parsing happens in a
// child process (files::runIsolated), so libFuzzer guides the checks before it, not OpenVDB.

#include "core/io/cell_file.hpp"
#include "tests/fuzz/harness.hpp"

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* kExtensions[] = {".raw", ".npy", ".vdb"};
  const auto path = mf::fuzz::asFile(data + 1, size - 1, std::string("cell") + kExtensions[data[0] % 3]);
  try {
    const mf::io::CellFile f = mf::io::readCell(path);
    if (f.cell.size() > (512ull * 512 * 512)) __builtin_trap();  // past the documented limit
  } catch (const std::exception&) {
  }
  return 0;
}
