#include "core/io/surface.hpp"

#include "core/io/cell_level_set.hpp"
#include "core/io/mesh_smoothing.hpp"
#include "core/tensor/format.hpp"

#include <openvdb/tools/TopologyToLevelSet.h>
#include <openvdb/tools/VolumeToMesh.h>

#include <cmath>
#include <mutex>
#include <stdexcept>

namespace mf::io {
namespace detail {

void initializeOpenVdb() {
  static std::once_flag once;
  std::call_once(once, [] { openvdb::initialize(); });
}

void validateSurfaceInput(const BinaryCell& cell, const SurfaceOptions& o) {
  if (cell.empty()) throw std::invalid_argument("the cell is empty (0 voxels)");
  if (volumeFraction(cell) == 0.0) throw std::invalid_argument("the cell has no solid voxels: there is no surface");
  if (o.tiles < 1 || o.tiles > 8) throw std::invalid_argument("tiling must be 1 to 8 cells per axis, not " + std::to_string(o.tiles));
  if (o.smoothingSteps < 0 || o.smoothingSteps > 20)
    throw std::invalid_argument("smoothing must be 0 to 20 steps, not " + std::to_string(o.smoothingSteps));
  if (!(o.cellSize > 0.0)) throw std::invalid_argument("the cell size must be positive, not " + formatNumber(o.cellSize));
}

openvdb::MaskGrid::Ptr cellTopology(const BinaryCell& cell, int tiles, double cellSize) {
  initializeOpenVdb();
  auto grid = openvdb::MaskGrid::create();
  // Uniform voxels need a cubic voxel: cells are cubes of n³ voxels (checked by the callers
  // through the cell size per axis being equal).
  const double h = cellSize / cell.nx();
  auto xf = openvdb::math::Transform::createLinearTransform(h);
  xf->postTranslate(openvdb::Vec3d(0.5 * h));  // voxel centres at (i + ½)·h
  grid->setTransform(xf);
  auto acc = grid->getAccessor();
  for (int tz = 0; tz < tiles; ++tz)
    for (int ty = 0; ty < tiles; ++ty)
      for (int tx = 0; tx < tiles; ++tx)
        for (int k = 0; k < cell.nz(); ++k)
          for (int j = 0; j < cell.ny(); ++j)
            for (int i = 0; i < cell.nx(); ++i)
              if (cell(i, j, k))
                acc.setValueOn(openvdb::Coord(tx * cell.nx() + i, ty * cell.ny() + j, tz * cell.nz() + k));
  return grid;
}

TriangleMesh meshLevelSet(const openvdb::FloatGrid& ls) {
  std::vector<openvdb::Vec3s> points;
  std::vector<openvdb::Vec3I> tris;
  std::vector<openvdb::Vec4I> quads;
  openvdb::tools::volumeToMesh(ls, points, tris, quads, /*isovalue=*/0.0, /*adaptivity=*/0.0);
  TriangleMesh mesh;
  mesh.vertices.reserve(points.size());
  for (const auto& p : points) mesh.vertices.push_back({p.x(), p.y(), p.z()});
  mesh.triangles.reserve(tris.size() + 2 * quads.size());
  // OpenVDB orders faces clockwise seen from outside a level set's negative interior; reverse
  // them so that normals point out of the solid.
  for (const auto& t : tris) mesh.triangles.push_back({t[2], t[1], t[0]});
  for (const auto& q : quads) {
    mesh.triangles.push_back({q[2], q[1], q[0]});
    mesh.triangles.push_back({q[3], q[2], q[0]});
  }
  return mesh;
}

openvdb::FloatGrid::Ptr cellLevelSet(const BinaryCell& cell, const SurfaceOptions& o) {
  validateSurfaceInput(cell, o);
  if (!cell.isCube())
    throw std::invalid_argument("surfaces need cubic voxels: the cell is " + describeDims(cell.dims()) +
                                " voxels in a cubic cell");
  const auto topology = cellTopology(cell, o.tiles, o.cellSize);
  // No morphological closing: it would fill gaps and change the design.
  openvdb::FloatGrid::Ptr ls =
      openvdb::tools::topologyToLevelSet(*topology, /*halfWidth=*/3, /*closingSteps=*/0, /*dilation=*/0, 0);
  return ls;
}

}  // namespace detail

TriangleMesh extractSurface(const BinaryCell& cell, const SurfaceOptions& options, Progress& progress) {
  progress.report(0.0, "building the level set");
  const openvdb::FloatGrid::Ptr ls = detail::cellLevelSet(cell, options);
  progress.checkCancelled();
  progress.report(0.5, "meshing the surface");
  TriangleMesh mesh = detail::meshLevelSet(*ls);
  progress.checkCancelled();
  // Nothing may leave the tiled block: its sides are where neighbouring blocks would join.
  const MeshBounds block{0.0f, static_cast<float>(options.tiles * options.cellSize)};
  if (options.smoothingSteps > 0) {
    progress.report(0.8, "smoothing the surface");
    smoothMesh(mesh, options.smoothingSteps);
    clampToBounds(mesh, block);
  }
  if (options.keepVoxelVolume) {
    // Capped at a quarter voxel, so that specks of one or two voxels cannot balloon.
    const double h = options.cellSize / cell.nx();
    const double voxelVolume = volumeFraction(cell) * std::pow(options.tiles * options.cellSize, 3);
    offsetToVolume(mesh, voxelVolume, 0.25 * h, &block);
  }
  progress.checkCancelled();
  progress.report(1.0, "surface ready");
  return mesh;
}

}  // namespace mf::io
