#pragma once
// 3MF (through lib3mf): the mesh with its unit and the provenance as model metadata.

#include "core/io/length_unit.hpp"
#include "core/io/triangle_mesh.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace mf::io {

// Metadata: the 3MF core names (Title, Designer, Application, CreationDate, …) go in as they
// are; every other key goes into "Description" as "key=value" lines, because 3MF readers reject
// names with undeclared namespaces and lib3mf 1.x cannot declare one. Written atomically.
void write3mf(const std::filesystem::path& path, const TriangleMesh& mesh, LengthUnit unit,
              const std::map<std::string, std::string>& metadata);

struct ThreeMfFile {
  TriangleMesh mesh;  // all mesh objects of the model, merged
  LengthUnit unit = LengthUnit::Millimeter;
  std::map<std::string, std::string> metadata;  // core names, plus the key=value lines of Description
};

// Throws std::runtime_error with lib3mf's reason.
ThreeMfFile read3mf(const std::filesystem::path& path);

}  // namespace mf::io
