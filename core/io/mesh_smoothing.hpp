#pragma once
// Smoothing of voxel-faced surfaces for printing. Taubin's λ|μ filter (a shrink step, then an
// inflate step) rounds the voxel staircase without the shrinkage of plain Laplacian smoothing,
// and because it only moves vertices it cannot open holes or remove thin walls. An offset along
// the vertex normals then sets the enclosed volume.

#include "core/io/triangle_mesh.hpp"

#include <array>

namespace mf::io {

// `steps` λ|μ pairs (0 leaves the mesh alone), then the volume the mesh had before. The mesh
// must be closed and outward-oriented; connectivity never changes.
void smoothMesh(TriangleMesh& mesh, int steps);

// An axis-aligned box that vertices may not leave (the tiled block of cells).
struct MeshBounds {
  std::array<float, 3> lo{}, hi{};
};

// Offsets the surface along its vertex normals until it encloses `volume` (to ~0.01 %), moving
// it by at most `maxOffset` in total; vertices stay inside `bounds` when given, so faces on the
// block's sides stay there. Returns the offset applied (positive: outwards).
double offsetToVolume(TriangleMesh& mesh, double volume, double maxOffset, const MeshBounds* bounds = nullptr);

void clampToBounds(TriangleMesh& mesh, const MeshBounds& bounds);

}  // namespace mf::io
