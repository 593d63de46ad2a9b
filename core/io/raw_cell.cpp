#include "core/io/raw_cell.hpp"

#include "core/files/atomic_file.hpp"
#include "core/files/input_file.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace mf::io {

namespace {

int cubeRoot(std::uint64_t n) {
  const auto r = static_cast<std::uint64_t>(std::llround(std::cbrt(static_cast<double>(n))));
  return r * r * r == n && r > 0 ? static_cast<int>(r) : 0;
}

std::uint64_t voxelBytes(RawVoxel v) { return v == RawVoxel::UInt8 ? 1 : v == RawVoxel::UInt16 ? 2 : 4; }

}  // namespace

bool isCubeOfBytes(std::uint64_t bytes) { return cubeRoot(bytes) > 0; }

std::optional<RawLayout> guessRawLayout(std::uint64_t bytes) {
  for (const RawVoxel v : {RawVoxel::UInt8, RawVoxel::UInt16, RawVoxel::Float32})
    if (bytes % voxelBytes(v) == 0)
      if (const int n = cubeRoot(bytes / voxelBytes(v)); n > 0) return RawLayout{{n, n, n}, v, 0};
  return std::nullopt;
}

BinaryCell readRawCell(const std::filesystem::path& path, std::optional<RawLayout> layout) {
  const std::uint64_t bytes = files::checkInputFile(path, files::Limits::kMaxCellFileBytes, "cell file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open (no permission?)");
  if (!layout) {
    const int n = cubeRoot(bytes);
    if (n == 0)
      throw std::runtime_error(path.string() + ": " + std::to_string(bytes) +
                               " bytes is not a cube of voxels of one byte each; its layout (dimensions, voxel "
                               "type, header) is needed to read it");
    layout = RawLayout{{n, n, n}};
  }
  const auto& d = layout->dims;
  files::checkCellDims(path, d[0], d[1], d[2]);
  const std::uint64_t voxels = static_cast<std::uint64_t>(d[0]) * d[1] * d[2];
  const std::uint64_t expected = layout->headerBytes + voxels * voxelBytes(layout->voxel);
  if (expected != bytes)
    throw std::runtime_error(path.string() + ": " + std::to_string(bytes) + " bytes, but a " + describeDims(d) +
                             " cell needs " + std::to_string(expected));
  std::string raw(static_cast<std::size_t>(bytes - layout->headerBytes), '\0');
  in.seekg(static_cast<std::streamoff>(layout->headerBytes));
  in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  if (!in) throw std::runtime_error("cannot read " + path.string());
  BinaryCell cell(d[0], d[1], d[2]);
  auto& out = cell.data();
  for (std::size_t i = 0; i < out.size(); ++i) {
    switch (layout->voxel) {
      case RawVoxel::UInt8: out[i] = raw[i] != 0; break;
      case RawVoxel::UInt16: out[i] = (raw[2 * i] | raw[2 * i + 1]) != 0; break;
      case RawVoxel::Float32: {
        float f;
        std::memcpy(&f, raw.data() + 4 * i, 4);
        out[i] = f >= 0.5f;  // NaN is void
        break;
      }
    }
  }
  return cell;
}

void writeRawCell(const std::filesystem::path& path, const BinaryCell& cell) {
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(cell.data().data()), static_cast<std::streamsize>(cell.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
  });
}

}  // namespace mf::io
