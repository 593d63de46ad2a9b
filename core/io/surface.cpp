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
  checkCellBlock(cell, o.cellVoxels);
}

openvdb::MaskGrid::Ptr cellTopology(const BinaryCell& cell, int tiles, double h) {
  initializeOpenVdb();
  auto grid = openvdb::MaskGrid::create();
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
  const auto topology = cellTopology(cell, o.tiles, voxelEdge(cell, o));
  // No morphological closing: it would fill gaps and change the design.
  openvdb::FloatGrid::Ptr ls =
      openvdb::tools::topologyToLevelSet(*topology, /*halfWidth=*/3, /*closingSteps=*/0, /*dilation=*/0, 0);
  return ls;
}

}  // namespace detail

void checkCellBlock(const BinaryCell& cell, int cellVoxels) {
  if (cellVoxels < 0) throw std::invalid_argument("a cell cannot have " + std::to_string(cellVoxels) + " voxels per edge");
  if (cellVoxels == 0 && !cell.isCube())
    throw std::invalid_argument("the cell is " + describeDims(cell.dims()) + " voxels; a cell needs n×n×n");
  if (cellVoxels > 0 && (cell.nx() % cellVoxels || cell.ny() % cellVoxels || cell.nz() % cellVoxels))
    throw std::invalid_argument("a block of cells of " + std::to_string(cellVoxels) + "³ voxels cannot be " +
                                describeDims(cell.dims()) + " voxels");
}

double voxelEdge(const BinaryCell& cell, const SurfaceOptions& o) { return o.cellSize / (o.cellVoxels > 0 ? o.cellVoxels : cell.nx()); }

std::array<double, 3> blockExtent(const BinaryCell& cell, const SurfaceOptions& o) {
  const double h = voxelEdge(cell, o);
  return {o.tiles * cell.nx() * h, o.tiles * cell.ny() * h, o.tiles * cell.nz() * h};
}

TriangleMesh extractSurface(const BinaryCell& cell, const SurfaceOptions& options, Progress& progress) {
  progress.report(0.0, "building the level set");
  const openvdb::FloatGrid::Ptr ls = detail::cellLevelSet(cell, options);
  progress.checkCancelled();
  progress.report(0.5, "meshing the surface");
  TriangleMesh mesh = detail::meshLevelSet(*ls);
  progress.checkCancelled();
  // Nothing may leave the tiled block: its sides are where neighbouring blocks would join.
  const std::array<double, 3> extent = blockExtent(cell, options);
  const MeshBounds block{{0.0f, 0.0f, 0.0f}, {static_cast<float>(extent[0]), static_cast<float>(extent[1]), static_cast<float>(extent[2])}};
  if (options.smoothingSteps > 0) {
    progress.report(0.8, "smoothing the surface");
    smoothMesh(mesh, options.smoothingSteps);
    clampToBounds(mesh, block);
  }
  if (options.keepVoxelVolume) {
    // Capped at a quarter voxel, so that specks of one or two voxels cannot balloon.
    const double h = voxelEdge(cell, options);
    const double voxelVolume = volumeFraction(cell) * extent[0] * extent[1] * extent[2];
    offsetToVolume(mesh, voxelVolume, 0.25 * h, &block);
  }
  progress.checkCancelled();
  progress.report(1.0, "surface ready");
  return mesh;
}

}  // namespace mf::io
