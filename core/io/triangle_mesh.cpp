#include "core/io/triangle_mesh.hpp"

#include <cmath>
#include <algorithm>
#include <stdexcept>

namespace mf::io {

std::string MeshCheck::describe() const {
  if (watertight()) return "watertight";
  std::string s;
  auto add = [&](std::size_t n, const char* what) {
    if (n == 0) return;
    s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(boundaryEdges, "open edges");
  add(nonManifoldEdges, "non-manifold edges");
  add(misorientedEdges, "flipped edges");
  add(degenerateTriangles, "degenerate triangles");
  return s;
}

std::array<double, 3> triangleNormal(const TriangleMesh& m, const std::array<std::uint32_t, 3>& t) {
  const auto& p = m.vertices[t[0]];
  const auto& q = m.vertices[t[1]];
  const auto& r = m.vertices[t[2]];
  const double u[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]}, v[3] = {r[0] - p[0], r[1] - p[1], r[2] - p[2]};
  return {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
}

namespace {
double length(const std::array<double, 3>& n) { return std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]); }
}  // namespace

MeshCheck checkMesh(const TriangleMesh& m) {
  MeshCheck c;
  if (m.vertices.size() >= (std::size_t{1} << 31)) throw std::invalid_argument("mesh too large to check (2^31 vertices)");
  // Every directed edge a→b as one 64-bit key: the undirected edge (min, max) in the high 62 bits
  // and whether it runs min→max in the lowest. Sorted, the uses of an edge are adjacent: fine
  // when there are exactly two, one in each direction. (A sort beats a hash map by ~5× here.)
  std::vector<std::uint64_t> keys;
  keys.reserve(m.triangles.size() * 3);
  for (const auto& t : m.triangles) {
    if (t[0] == t[1] || t[1] == t[2] || t[0] == t[2] || length(triangleNormal(m, t)) <= 0.0) ++c.degenerateTriangles;
    for (int e = 0; e < 3; ++e) {
      const std::uint64_t a = t[e], b = t[(e + 1) % 3];
      keys.push_back((std::min(a, b) << 33) | (std::max(a, b) << 2) | (a < b ? 1u : 0u));
    }
  }
  std::sort(keys.begin(), keys.end());
  for (std::size_t i = 0; i < keys.size();) {
    std::size_t j = i, forward = 0;
    while (j < keys.size() && (keys[j] >> 2) == (keys[i] >> 2)) forward += keys[j++] & 1u;
    const std::size_t uses = j - i;
    if (uses == 1) ++c.boundaryEdges;
    else if (uses > 2) ++c.nonManifoldEdges;
    else if (forward != 1) ++c.misorientedEdges;
    i = j;
  }
  return c;
}

double enclosedVolume(const TriangleMesh& m) {
  double v = 0.0;
  for (const auto& t : m.triangles) {
    const auto& a = m.vertices[t[0]];
    const auto& b = m.vertices[t[1]];
    const auto& c = m.vertices[t[2]];
    v += (static_cast<double>(a[0]) * (static_cast<double>(b[1]) * c[2] - static_cast<double>(b[2]) * c[1]) -
          static_cast<double>(a[1]) * (static_cast<double>(b[0]) * c[2] - static_cast<double>(b[2]) * c[0]) +
          static_cast<double>(a[2]) * (static_cast<double>(b[0]) * c[1] - static_cast<double>(b[1]) * c[0])) / 6.0;
  }
  return v;
}

double surfaceArea(const TriangleMesh& m) {
  double s = 0.0;
  for (const auto& t : m.triangles) s += 0.5 * length(triangleNormal(m, t));
  return s;
}

}  // namespace mf::io
