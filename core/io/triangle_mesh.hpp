#pragma once
// Indexed triangle meshes and the checks an exported mesh must pass before anyone prints it.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mf::io {

struct TriangleMesh {
  std::vector<std::array<float, 3>> vertices;
  std::vector<std::array<std::uint32_t, 3>> triangles;  // counter-clockwise seen from outside
};

struct MeshCheck {
  std::size_t boundaryEdges = 0;       // edges used by one triangle (holes)
  std::size_t nonManifoldEdges = 0;    // edges used by three or more triangles
  std::size_t misorientedEdges = 0;    // edges used twice in the same direction (flipped faces)
  std::size_t degenerateTriangles = 0; // repeated vertices or zero area
  // Watertight: every edge shared by exactly two triangles, consistently oriented, and no
  // degenerate triangles.
  bool watertight() const {
    return boundaryEdges == 0 && nonManifoldEdges == 0 && misorientedEdges == 0 && degenerateTriangles == 0;
  }
  std::string describe() const;
};

MeshCheck checkMesh(const TriangleMesh& mesh);

// (q − p) × (r − p) of a triangle (p, q, r): along its outward normal, twice its area long.
std::array<double, 3> triangleNormal(const TriangleMesh& mesh, const std::array<std::uint32_t, 3>& triangle);

// Volume enclosed by a closed, outward-oriented mesh (divergence theorem), and its area.
double enclosedVolume(const TriangleMesh& mesh);
double surfaceArea(const TriangleMesh& mesh);

}  // namespace mf::io
