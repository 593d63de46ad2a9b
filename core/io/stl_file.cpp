#include "core/io/stl_file.hpp"

#include "core/files/atomic_file.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>

namespace mf::io {
namespace {

static_assert(std::endian::native == std::endian::little, "STL is little-endian; add byte swapping for this platform");

void put(std::ofstream& out, float v) { out.write(reinterpret_cast<const char*>(&v), 4); }

}  // namespace

void writeBinaryStl(const std::filesystem::path& path, const TriangleMesh& mesh, const std::string& header) {
  if (mesh.triangles.size() > 0xffffffffu) throw std::invalid_argument("too many triangles for STL");
  char head[80] = {};
  std::string text = header.rfind("solid", 0) == 0 ? "MetaForge " + header : header;
  std::memcpy(head, text.data(), std::min<std::size_t>(text.size(), 80));
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw std::runtime_error("cannot create " + tmp.string());
    out.write(head, 80);
    const auto count = static_cast<std::uint32_t>(mesh.triangles.size());
    out.write(reinterpret_cast<const char*>(&count), 4);
    for (const auto& t : mesh.triangles) {
      const auto& a = mesh.vertices[t[0]];
      const auto& b = mesh.vertices[t[1]];
      const auto& c = mesh.vertices[t[2]];
      auto n = triangleNormal(mesh, t);
      const double len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
      for (double& x : n) x = len > 0.0 ? x / len : 0.0;
      for (const double x : n) put(out, static_cast<float>(x));
      for (const auto* p : {&a, &b, &c})
        for (const float x : *p) put(out, x);
      const std::uint16_t attribute = 0;
      out.write(reinterpret_cast<const char*>(&attribute), 2);
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string() + " (disk full?)");
  });
}

StlFile readBinaryStl(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  const auto size = std::filesystem::file_size(path);
  char head[80];
  std::uint32_t count = 0;
  in.read(head, 80);
  in.read(reinterpret_cast<char*>(&count), 4);
  if (!in) throw std::runtime_error(path.string() + ": too short for a binary STL file");
  if (size != 84 + 50ull * count)
    throw std::runtime_error(path.string() + ": " + std::to_string(count) + " triangles need " +
                             std::to_string(84 + 50ull * count) + " bytes, the file has " + std::to_string(size) +
                             " (truncated, or ASCII STL)");
  StlFile out;
  out.header.assign(head, strnlen(head, 80));
  std::map<std::array<float, 3>, std::uint32_t> index;
  out.mesh.triangles.reserve(count);
  char record[50];
  for (std::uint32_t f = 0; f < count; ++f) {
    in.read(record, 50);
    std::array<std::uint32_t, 3> tri{};
    for (int k = 0; k < 3; ++k) {
      std::array<float, 3> p{};
      std::memcpy(p.data(), record + 12 + 12 * k, 12);
      const auto [it, added] = index.emplace(p, static_cast<std::uint32_t>(out.mesh.vertices.size()));
      if (added) out.mesh.vertices.push_back(p);
      tri[static_cast<std::size_t>(k)] = it->second;
    }
    out.mesh.triangles.push_back(tri);
  }
  return out;
}

}  // namespace mf::io
