#include "core/io/vdb_export.hpp"

#include "core/files/atomic_file.hpp"
#include "core/io/cell_level_set.hpp"

#include <openvdb/tools/MeshToVolume.h>

namespace mf::io {
namespace {

void attach(openvdb::GridBase& grid, const BinaryCell& cell, int tiles, const std::map<std::string, std::string>& metadata) {
  // The dimensions of the tiled block, so that readVdbCell recovers void borders.
  grid.insertMeta("metaforge_dims",
                  openvdb::Vec3IMetadata(openvdb::Vec3i(tiles * cell.nx(), tiles * cell.ny(), tiles * cell.nz())));
  for (const auto& [key, value] : metadata) grid.insertMeta(key, openvdb::StringMetadata(value));
}

void write(const std::filesystem::path& path, openvdb::GridBase::Ptr grid) {
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
    openvdb::io::File file(tmp.string());
    file.write({grid});
    file.close();
  });
}

}  // namespace

std::size_t writeVdbLevelSet(const std::filesystem::path& path, const BinaryCell& cell, const SurfaceOptions& options,
                             const std::map<std::string, std::string>& metadata, Progress& progress) {
  progress.report(0.0, "building the level set");
  openvdb::FloatGrid::Ptr grid;
  if (options.smoothingSteps == 0) {
    grid = detail::cellLevelSet(cell, options);
  } else {
    // The smoothed surface lives in the mesh (surface.hpp); its signed distance is the level set.
    SubProgress meshing(progress, 0.0, 0.6);
    const TriangleMesh mesh = extractSurface(cell, options, meshing);
    progress.report(0.6, "converting the smoothed surface to a level set");
    const double h = voxelEdge(cell, options);
    auto xf = openvdb::math::Transform::createLinearTransform(h);
    xf->postTranslate(openvdb::Vec3d(0.5 * h));
    std::vector<openvdb::Vec3s> points;
    points.reserve(mesh.vertices.size());
    for (const auto& v : mesh.vertices) points.emplace_back(v[0], v[1], v[2]);  // world space
    std::vector<openvdb::Vec3I> triangles;
    triangles.reserve(mesh.triangles.size());
    for (const auto& t : mesh.triangles) triangles.emplace_back(t[0], t[1], t[2]);
    grid = openvdb::tools::meshToLevelSet<openvdb::FloatGrid>(*xf, points, triangles, 3.0f);
  }
  progress.checkCancelled();
  grid->setName("surface");
  attach(*grid, cell, options.tiles, metadata);
  progress.report(0.9, "writing");
  write(path, grid);
  return grid->activeVoxelCount();
}

std::size_t writeVdbFog(const std::filesystem::path& path, const BinaryCell& cell, const SurfaceOptions& options,
                        const std::map<std::string, std::string>& metadata, Progress& progress) {
  detail::validateSurfaceInput(cell, options);
  progress.report(0.0, "building the fog volume");
  const auto topology = detail::cellTopology(cell, options.tiles, voxelEdge(cell, options));
  openvdb::FloatGrid::Ptr grid = openvdb::FloatGrid::create(0.0f);
  grid->setTransform(topology->transform().copy());
  grid->topologyUnion(*topology);
  for (auto it = grid->beginValueOn(); it; ++it) it.setValue(1.0f);
  grid->setName("density");
  grid->setGridClass(openvdb::GRID_FOG_VOLUME);
  progress.checkCancelled();
  attach(*grid, cell, options.tiles, metadata);
  progress.report(0.8, "writing");
  write(path, grid);
  return grid->activeVoxelCount();
}

}  // namespace mf::io
