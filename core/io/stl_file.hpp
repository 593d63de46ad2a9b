#pragma once
// Binary STL: the format every slicer reads. It has no unit and no metadata beyond an 80-byte
// header, which carries a one-line provenance; the coordinates are in the unit chosen at export.

#include "core/io/triangle_mesh.hpp"

#include <filesystem>
#include <string>

namespace mf::io {

// `header` is cut to 80 bytes; it never starts with "solid" (that would mark ASCII STL).
// Written atomically.
void writeBinaryStl(const std::filesystem::path& path, const TriangleMesh& mesh, const std::string& header);

struct StlFile {
  TriangleMesh mesh;   // vertices merged by exact position, so that connectivity can be checked
  std::string header;
};

// Throws std::runtime_error for a missing, truncated or ASCII file.
StlFile readBinaryStl(const std::filesystem::path& path);

}  // namespace mf::io
