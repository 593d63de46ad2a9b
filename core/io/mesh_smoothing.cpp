#include "core/io/mesh_smoothing.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace mf::io {
namespace {

// Neighbours of every vertex (compressed rows), from the triangle edges.
struct Adjacency {
  std::vector<std::size_t> start;
  std::vector<std::uint32_t> neighbours;
};

Adjacency buildAdjacency(const TriangleMesh& m) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(m.triangles.size() * 6);
  for (const auto& t : m.triangles)
    for (int e = 0; e < 3; ++e) {
      edges.emplace_back(t[e], t[(e + 1) % 3]);
      edges.emplace_back(t[(e + 1) % 3], t[e]);
    }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  Adjacency a;
  a.start.assign(m.vertices.size() + 1, 0);
  for (const auto& e : edges) ++a.start[e.first + 1];
  for (std::size_t v = 0; v < m.vertices.size(); ++v) a.start[v + 1] += a.start[v];
  a.neighbours.resize(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) a.neighbours[i] = edges[i].second;  // sorted by first
  return a;
}

// One umbrella step: every vertex moves by factor · (mean of its neighbours − itself).
void umbrellaStep(const Adjacency& a, const std::vector<std::array<float, 3>>& in,
                  std::vector<std::array<float, 3>>& out, double factor) {
  const auto n = static_cast<std::ptrdiff_t>(in.size());
#pragma omp parallel for schedule(static) if (n > 20000)
  for (std::ptrdiff_t v = 0; v < n; ++v) {
    const std::size_t b = a.start[static_cast<std::size_t>(v)], e = a.start[static_cast<std::size_t>(v) + 1];
    const auto& p = in[static_cast<std::size_t>(v)];
    auto& q = out[static_cast<std::size_t>(v)];
    if (b == e) {
      q = p;
      continue;
    }
    double mean[3] = {0.0, 0.0, 0.0};
    for (std::size_t i = b; i < e; ++i)
      for (int c = 0; c < 3; ++c) mean[c] += in[a.neighbours[i]][c];
    const double w = factor / static_cast<double>(e - b);
    for (int c = 0; c < 3; ++c) q[c] = static_cast<float>(p[c] + (w * mean[c] - factor * p[c]));
  }
}

// Moves every vertex by `distance` along its area-weighted unit normal.
void offsetAlongNormals(TriangleMesh& m, double distance) {
  std::vector<std::array<double, 3>> normals(m.vertices.size(), {0.0, 0.0, 0.0});
  for (const auto& t : m.triangles) {
    const auto n = triangleNormal(m, t);
    for (int k = 0; k < 3; ++k)
      for (std::size_t c = 0; c < 3; ++c) normals[t[k]][c] += n[c];
  }
  for (std::size_t v = 0; v < m.vertices.size(); ++v) {
    const auto& n = normals[v];
    const double len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (len == 0.0) continue;
    for (int c = 0; c < 3; ++c) m.vertices[v][c] = static_cast<float>(m.vertices[v][c] + distance * n[c] / len);
  }
}

}  // namespace

void smoothMesh(TriangleMesh& mesh, int steps) {
  if (steps <= 0 || mesh.triangles.empty()) return;
  // Taubin's pass band k_PB = 1/λ + 1/μ ≈ 0.1 keeps the shape and removes the voxel-scale steps.
  constexpr double lambda = 0.5, mu = -0.53;
  const double volume = enclosedVolume(mesh);
  const Adjacency adjacency = buildAdjacency(mesh);
  std::vector<std::array<float, 3>> scratch(mesh.vertices.size());
  for (int s = 0; s < steps; ++s) {
    umbrellaStep(adjacency, mesh.vertices, scratch, lambda);
    umbrellaStep(adjacency, scratch, mesh.vertices, mu);
  }
  // Taubin keeps the volume only to first order.
  offsetToVolume(mesh, volume, std::numeric_limits<double>::infinity());
}

void clampToBounds(TriangleMesh& mesh, const MeshBounds& b) {
  for (auto& v : mesh.vertices)
    for (std::size_t a = 0; a < 3; ++a) v[a] = std::clamp(v[a], b.lo[a], b.hi[a]);
}

double offsetToVolume(TriangleMesh& mesh, double volume, double maxOffset, const MeshBounds* bounds) {
  // Newton on V(δ) ≈ V + A·δ; a few steps reach 0.01 % for offsets small against the features
  // (clamping to the bounds costs a little volume that the next step returns).
  double total = 0.0;
  for (int i = 0; i < 4; ++i) {
    const double area = surfaceArea(mesh);
    if (area <= 0.0) break;
    const double error = volume - enclosedVolume(mesh);
    if (std::abs(error) <= 1e-4 * std::abs(volume)) break;
    const double step = std::clamp(error / area, -maxOffset - total, maxOffset - total);
    if (step == 0.0) break;
    offsetAlongNormals(mesh, step);
    if (bounds) clampToBounds(mesh, *bounds);
    total += step;
  }
  return total;
}

}  // namespace mf::io
