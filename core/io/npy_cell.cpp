#include "core/io/npy_cell.hpp"

#include "core/io/atomic_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace mf::io {
namespace {

const char kMagic[] = "\x93NUMPY";

struct Header {
  char byteOrder = '|';  // '<', '>' or '|'
  char kind = 'u';       // 'b' bool, 'i', 'u', 'f'
  int itemSize = 1;
  bool fortranOrder = false;
  std::vector<long long> shape;
};

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& why) {
  throw std::runtime_error(path.string() + ": " + why);
}

// The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (4, 4, 4), }
Header parseHeader(const std::filesystem::path& path, const std::string& text) {
  Header h;
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(R"('descr'\s*:\s*'([<>|=])([biuf])(\d+)')")))
    fail(path, "unsupported .npy dtype in header " + text + " (bool, integer or float arrays only)");
  h.byteOrder = m[1].str()[0] == '=' ? '<' : m[1].str()[0];
  h.kind = m[2].str()[0];
  h.itemSize = std::stoi(m[3].str());
  if (!std::regex_search(text, m, std::regex(R"('fortran_order'\s*:\s*(True|False))")))
    fail(path, "the .npy header has no fortran_order");
  h.fortranOrder = m[1] == "True";
  if (!std::regex_search(text, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))")))
    fail(path, "the .npy header has no shape");
  const std::string dims = m[1];
  const std::regex number(R"(\d+)");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
    h.shape.push_back(std::stoll(it->str()));
  const bool sizeOk = (h.kind == 'b' && h.itemSize == 1) || (h.kind == 'f' && (h.itemSize == 4 || h.itemSize == 8)) ||
                      ((h.kind == 'i' || h.kind == 'u') && (h.itemSize == 1 || h.itemSize == 2 || h.itemSize == 4 || h.itemSize == 8));
  if (!sizeOk) fail(path, "unsupported .npy dtype " + std::string(1, h.kind) + std::to_string(h.itemSize));
  return h;
}

template <class T>
T load(const unsigned char* p, bool swap) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, p, sizeof(T));
  if (swap) std::reverse(bytes, bytes + sizeof(T));
  T v;
  std::memcpy(&v, bytes, sizeof(T));
  return v;
}

bool solidAt(const Header& h, const unsigned char* p) {
  const bool swap = h.itemSize > 1 && (h.byteOrder == '>') == (std::endian::native == std::endian::little);
  switch (h.kind) {
    case 'f': return h.itemSize == 4 ? load<float>(p, swap) >= 0.5f : load<double>(p, swap) >= 0.5;
    default:
      for (int b = 0; b < h.itemSize; ++b)
        if (p[b] != 0) return true;  // non-zero in any byte order
      return false;
  }
}

}  // namespace

BinaryCell readNpyCell(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open (no such file or no permission)");
  char magic[6] = {};
  unsigned char version[2] = {};
  in.read(magic, 6);
  in.read(reinterpret_cast<char*>(version), 2);
  if (!in || std::memcmp(magic, kMagic, 6) != 0) fail(path, "not a NumPy .npy file (bad magic)");
  std::size_t headerLength = 0;
  if (version[0] == 1) {
    unsigned char len[2];
    in.read(reinterpret_cast<char*>(len), 2);
    headerLength = len[0] | (static_cast<std::size_t>(len[1]) << 8);
  } else if (version[0] == 2 || version[0] == 3) {
    unsigned char len[4];
    in.read(reinterpret_cast<char*>(len), 4);
    headerLength = len[0] | (static_cast<std::size_t>(len[1]) << 8) | (static_cast<std::size_t>(len[2]) << 16) |
                   (static_cast<std::size_t>(len[3]) << 24);
  } else {
    fail(path, "unsupported .npy version " + std::to_string(version[0]));
  }
  if (!in || headerLength > (1u << 20)) fail(path, "truncated or corrupt .npy header");
  std::string text(headerLength, '\0');
  in.read(text.data(), static_cast<std::streamsize>(headerLength));
  if (!in) fail(path, "truncated .npy header");
  const Header h = parseHeader(path, text);
  if (h.shape.size() != 3) fail(path, "the array has " + std::to_string(h.shape.size()) + " dimensions; a cell needs 3");
  for (const long long d : h.shape)
    if (d <= 0 || d > 4096) fail(path, "array dimension " + std::to_string(d) + " is out of range (1 to 4096)");
  // C order (nz, ny, nx) and Fortran order (nx, ny, nz) both have x fastest.
  const int nx = static_cast<int>(h.fortranOrder ? h.shape[0] : h.shape[2]);
  const int ny = static_cast<int>(h.shape[1]);
  const int nz = static_cast<int>(h.fortranOrder ? h.shape[2] : h.shape[0]);
  BinaryCell cell(nx, ny, nz);
  std::vector<unsigned char> data(cell.size() * static_cast<std::size_t>(h.itemSize));
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (static_cast<std::size_t>(in.gcount()) != data.size())
    fail(path, "truncated: the array needs " + std::to_string(data.size()) + " bytes of data, the file has " +
                   std::to_string(in.gcount()));
  for (std::size_t v = 0; v < cell.size(); ++v) cell[v] = solidAt(h, data.data() + v * static_cast<std::size_t>(h.itemSize)) ? 1 : 0;
  return cell;
}

void writeNpyCell(const std::filesystem::path& path, const BinaryCell& cell) {
  std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + std::to_string(cell.nz()) + ", " +
                       std::to_string(cell.ny()) + ", " + std::to_string(cell.nx()) + "), }";
  // Magic (6) + version (2) + length (2) + header + '\n', padded to a multiple of 64.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  writeAtomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(kMagic, 6);
    const unsigned char version[2] = {1, 0};
    out.write(reinterpret_cast<const char*>(version), 2);
    const unsigned char len[2] = {static_cast<unsigned char>(header.size() & 0xff), static_cast<unsigned char>(header.size() >> 8)};
    out.write(reinterpret_cast<const char*>(len), 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    for (std::size_t v = 0; v < cell.size(); ++v) out.put(cell[v] ? 1 : 0);
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
  });
}

}  // namespace mf::io
