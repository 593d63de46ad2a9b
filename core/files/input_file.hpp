#pragma once
// What MetaForge agrees to read, checked before a file is parsed or anything is allocated for
// it. Files come from users, downloads and hand edits: a reader validates every length, shape
// and count against these limits and against the file's own size first, and past them says in
// one line which file and what is wrong (docs/reliability.md lists the limits and why).

#include <cstdint>
#include <filesystem>

namespace mf::files {

struct Limits {
  // A cell file (.raw, .npy, .vdb) and the cells in sessions and datasets.
  static constexpr std::uint64_t kMaxCellFileBytes = 4ull << 30;
  static constexpr std::int64_t kMaxCellSide = 1024;                 // voxels along one axis
  static constexpr std::uint64_t kMaxCellVoxels = 512ull * 512 * 512;  // 134 M voxels, 134 MB as a cell
  // A session (.mfsession): its JSON part, and the file with its voxel payloads.
  static constexpr std::uint64_t kMaxSessionJsonBytes = 64ull << 20;
  static constexpr std::uint64_t kMaxSessionBytes = 1ull << 30;  // read whole: at most kMaxAllocationBytes
  // A model card (JSON) and a .npy header (NumPy writes a few hundred bytes).
  static constexpr std::uint64_t kMaxCardBytes = 4ull << 20;
  static constexpr std::uint64_t kMaxNpyHeaderBytes = 64ull << 10;
  // The most any reader allocates at once for one file: a whole session file (a session of a
  // hundred 128³ candidates is under 100 MiB), a 512³ cell is 128 MiB. The fuzzers (tests/fuzz/run.sh) count an allocation past it as a finding; a
  // parser run in a child (files::runIsolated) is held to IsolationLimits instead.
  static constexpr std::uint64_t kMaxAllocationBytes = 1ull << 30;
};

// The size of `path`, once it is known to be a regular file (not a directory, FIFO, socket or
// device, whose reading could block or never end; symbolic links are followed, loops refused)
// of at most maxBytes. Otherwise throws std::runtime_error "<path>: <what is wrong>"; `what`
// names the kind of file ("cell file", "session").
std::uint64_t checkInputFile(const std::filesystem::path& path, std::uint64_t maxBytes, const char* what);

// Throws std::runtime_error "<path>: …" unless every dimension lies in 1…kMaxCellSide and the
// voxels number at most kMaxCellVoxels.
void checkCellDims(const std::filesystem::path& path, std::int64_t nx, std::int64_t ny, std::int64_t nz);

}  // namespace mf::files
