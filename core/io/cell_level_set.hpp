#pragma once
// Internal to core/io: the level set of a (tiled) cell, shared by surface extraction and the
// OpenVDB export. OpenVDB headers stay out of the public headers of core/io.

#include "core/io/surface.hpp"

#include <openvdb/openvdb.h>

namespace mf::io::detail {

void initializeOpenVdb();

// Active (solid) voxels of the tiled cell, with the transform that puts voxel (i, j, k) at
// [i, i+1]·h (h: voxelEdge).
openvdb::MaskGrid::Ptr cellTopology(const BinaryCell& cell, int tiles, double h);

// Narrow-band signed distance (negative inside), zero on the voxel faces (smoothing is not
// applied here; see extractSurface).
openvdb::FloatGrid::Ptr cellLevelSet(const BinaryCell& cell, const SurfaceOptions& options);

void validateSurfaceInput(const BinaryCell& cell, const SurfaceOptions& options);

// The zero iso-surface of a level set, outward-oriented.
TriangleMesh meshLevelSet(const openvdb::FloatGrid& levelSet);

}  // namespace mf::io::detail
