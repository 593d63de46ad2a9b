// Built with MF_WITH_OPENVDB=OFF (a machine without OpenVDB): .vdb files, surfaces and the
// exports that need them are unavailable, and say so.

#include "core/io/surface.hpp"
#include "core/io/vdb_cell.hpp"
#include "core/io/vdb_export.hpp"

#include <stdexcept>

namespace mf::io {

namespace {
[[noreturn]] void unavailable(const std::string& what) {
  throw std::runtime_error(what + ": this build of MetaForge has no OpenVDB support (MF_WITH_OPENVDB=OFF)");
}
}  // namespace

VdbCell readVdbCell(const std::filesystem::path& path) { unavailable(path.string()); }

void writeVdbFogCell(const std::filesystem::path& path, const BinaryCell&, double,
                     const std::map<std::string, std::string>&) {
  unavailable(path.string());
}

TriangleMesh extractSurface(const BinaryCell&, const SurfaceOptions&, Progress&) { unavailable("surface extraction"); }

std::size_t writeVdbLevelSet(const std::filesystem::path& path, const BinaryCell&, const SurfaceOptions&,
                             const std::map<std::string, std::string>&, Progress&) {
  unavailable(path.string());
}

std::size_t writeVdbFog(const std::filesystem::path& path, const BinaryCell&, const SurfaceOptions&,
                        const std::map<std::string, std::string>&, Progress&) {
  unavailable(path.string());
}

}  // namespace mf::io
