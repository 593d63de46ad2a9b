#pragma once
// .mfsession files: one design session in one file.
//
//   "MetaForge session\n"       18-byte magic line
//   u32 format version (1), u64 length of the JSON, the JSON (UTF-8)
//   payloads, each: u64 compressed size, u64 raw size, zlib data
// All integers little-endian. The JSON holds the target, the candidates (their voxels are
// payloads, referred to by index), provenance, FE settings, view state; numbers are written so
// that they read back bit for bit. Files are written atomically.

#include "core/design/session.hpp"

#include <filesystem>

namespace mf::io {

void writeSession(const std::filesystem::path& path, const design::Session& session);

// Throws std::runtime_error naming the file and what is wrong (not a session file, a newer
// format version, truncated, corrupt payload, missing fields).
design::Session readSession(const std::filesystem::path& path);

// The JSON part alone (tests, debugging): the session without the voxel payloads.
nlohmann::json sessionToJson(const design::Session& session);

}  // namespace mf::io
