#include "core/io/raw_cell.hpp"

#include "core/io/atomic_file.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace mf::io {

BinaryCell readRawCell(const std::filesystem::path& path, std::optional<std::array<int, 3>> dims) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  in.seekg(0, std::ios::end);
  const auto bytes = static_cast<long long>(in.tellg());
  in.seekg(0);
  if (bytes <= 0) throw std::runtime_error(path.string() + " is empty");
  if (!dims) {
    const int n = static_cast<int>(std::llround(std::cbrt(static_cast<double>(bytes))));
    if (static_cast<long long>(n) * n * n != bytes)
      throw std::runtime_error(path.string() + ": " + std::to_string(bytes) +
                               " bytes is not a cube of voxels; give the dimensions explicitly");
    dims = std::array<int, 3>{n, n, n};
  }
  const long long expected = static_cast<long long>((*dims)[0]) * (*dims)[1] * (*dims)[2];
  if (expected != bytes)
    throw std::runtime_error(path.string() + ": " + std::to_string(bytes) + " bytes, but a " + describeDims(*dims) +
                             " cell needs " + std::to_string(expected));
  BinaryCell cell((*dims)[0], (*dims)[1], (*dims)[2]);
  in.read(reinterpret_cast<char*>(cell.data().data()), bytes);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  for (auto& v : cell.data()) v = v != 0 ? 1 : 0;
  return cell;
}

void writeRawCell(const std::filesystem::path& path, const BinaryCell& cell) {
  writeAtomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(cell.data().data()), static_cast<std::streamsize>(cell.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
  });
}

}  // namespace mf::io
