#pragma once
// File checksums (SHA-256, by OpenSSL): what a card records of the file it names, so that a
// damaged or swapped file is refused instead of loaded.

#include <filesystem>
#include <string>

namespace mf::files {

// The SHA-256 of the file's bytes as 64 lowercase hex digits. Throws std::runtime_error when
// the file cannot be read.
std::string sha256OfFile(const std::filesystem::path& path);

}  // namespace mf::files
