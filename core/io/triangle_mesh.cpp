#include "core/io/triangle_mesh.hpp"

#include <cmath>
#include <unordered_map>

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

MeshCheck checkMesh(const TriangleMesh& m) {
  MeshCheck c;
  // Directed edge (a, b) → count; an edge is fine when (a, b) and (b, a) each occur once.
  std::unordered_map<std::uint64_t, int> directed;
  directed.reserve(m.triangles.size() * 3);
  auto key = [](std::uint32_t a, std::uint32_t b) { return (static_cast<std::uint64_t>(a) << 32) | b; };
  for (const auto& t : m.triangles) {
    const auto& p = m.vertices[t[0]];
    const auto& q = m.vertices[t[1]];
    const auto& r = m.vertices[t[2]];
    const double u[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]}, v[3] = {r[0] - p[0], r[1] - p[1], r[2] - p[2]};
    const double n[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    if (t[0] == t[1] || t[1] == t[2] || t[0] == t[2] || std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]) <= 0.0)
      ++c.degenerateTriangles;
    for (int e = 0; e < 3; ++e) ++directed[key(t[e], t[(e + 1) % 3])];
  }
  for (const auto& [k, count] : directed) {
    const std::uint32_t a = static_cast<std::uint32_t>(k >> 32), b = static_cast<std::uint32_t>(k & 0xffffffffu);
    const auto back = directed.find(key(b, a));
    const int reverse = back == directed.end() ? 0 : back->second;
    if (count > 1) ++c.misorientedEdges;
    // Count every undirected edge once: from its smaller endpoint, or from the only direction seen.
    if (reverse > 0 && a > b) continue;
    const int uses = count + reverse;
    if (uses == 1) ++c.boundaryEdges;
    else if (uses > 2) ++c.nonManifoldEdges;
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
  for (const auto& t : m.triangles) {
    const auto& p = m.vertices[t[0]];
    const auto& q = m.vertices[t[1]];
    const auto& r = m.vertices[t[2]];
    const double u[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]}, v[3] = {r[0] - p[0], r[1] - p[1], r[2] - p[2]};
    const double n[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    s += 0.5 * std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  }
  return s;
}

}  // namespace mf::io
