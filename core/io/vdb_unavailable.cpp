// Built with MF_WITH_OPENVDB=OFF (a machine without OpenVDB): .vdb files cannot be used.

#include "core/io/vdb_cell.hpp"

#include <stdexcept>

namespace mf::io {

namespace {
[[noreturn]] void unavailable(const std::filesystem::path& path) {
  throw std::runtime_error(path.string() + ": this build of MetaForge has no OpenVDB support (MF_WITH_OPENVDB=OFF)");
}
}  // namespace

VdbCell readVdbCell(const std::filesystem::path& path) { unavailable(path); }

void writeVdbFogCell(const std::filesystem::path& path, const BinaryCell&, double,
                     const std::map<std::string, std::string>&) {
  unavailable(path);
}

}  // namespace mf::io
