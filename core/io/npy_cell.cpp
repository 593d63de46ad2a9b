#include "core/io/npy_cell.hpp"

#include "core/files/atomic_file.hpp"
#include "core/files/input_file.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
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

// The header is a Python dict literal, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (4, 4, 4), }.
// Read by one linear scan over a bounded text (no regular expressions over untrusted input):
// strings, True/False, integers and tuples of integers, the only values NumPy writes here.
class HeaderScanner {
 public:
  HeaderScanner(const std::filesystem::path& path, const std::string& text) : path_(path), text_(text) {}

  Header parse() {
    Header h;
    bool haveDescr = false, haveOrder = false, haveShape = false;
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}') break;
      const std::string key = string();
      expect(':');
      skipSpace();
      if (key == "descr") {
        descr(h, string());
        haveDescr = true;
      } else if (key == "fortran_order") {
        h.fortranOrder = boolean();
        haveOrder = true;
      } else if (key == "shape") {
        h.shape = tuple();
        haveShape = true;
      } else {
        fail(path_, "unexpected key '" + key + "' in the .npy header");
      }
      skipSpace();
      if (peek() == ',') ++at_;
    }
    if (!haveDescr) fail(path_, "the .npy header has no descr (dtype)");
    if (!haveOrder) fail(path_, "the .npy header has no fortran_order");
    if (!haveShape) fail(path_, "the .npy header has no shape");
    return h;
  }

 private:
  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
  void skipSpace() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) ++at_;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c) fail(path_, std::string("corrupt .npy header: expected '") + c + "' at byte " + std::to_string(at_));
    ++at_;
  }
  std::string string() {
    skipSpace();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail(path_, "corrupt .npy header: expected a string at byte " + std::to_string(at_));
    const std::size_t end = text_.find(quote, at_ + 1);
    if (end == std::string::npos) fail(path_, "corrupt .npy header: an unterminated string");
    std::string value = text_.substr(at_ + 1, end - at_ - 1);
    at_ = end + 1;
    return value;
  }
  bool boolean() {
    if (text_.compare(at_, 4, "True") == 0) return at_ += 4, true;
    if (text_.compare(at_, 5, "False") == 0) return at_ += 5, false;
    fail(path_, "corrupt .npy header: fortran_order is neither True nor False");
  }
  std::vector<long long> tuple() {
    expect('(');
    std::vector<long long> values;
    while (true) {
      skipSpace();
      if (peek() == ')') break;
      long long v = 0;
      int digits = 0;
      while (peek() >= '0' && peek() <= '9') {
        if (++digits > 12) fail(path_, "an array dimension in the .npy header is absurdly large");
        v = 10 * v + (text_[at_++] - '0');
      }
      if (digits == 0) fail(path_, "corrupt .npy header: the shape holds something that is not a whole number");
      if (values.size() >= 32) fail(path_, "the .npy shape has more than 32 dimensions");
      values.push_back(v);
      skipSpace();
      if (peek() == ',') ++at_;
      else if (peek() != ')') fail(path_, "corrupt .npy header: the shape is not a tuple of whole numbers");
    }
    ++at_;
    return values;
  }
  // '<f4', '|u1', '>i2', '|b1': byte order, kind, item size.
  void descr(Header& h, const std::string& d) {
    if (d.size() < 3 || d.size() > 4 || std::string("<>|=").find(d[0]) == std::string::npos ||
        std::string("biuf").find(d[1]) == std::string::npos || !std::all_of(d.begin() + 2, d.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail(path_, "unsupported .npy dtype '" + d + "' (bool, integer or float arrays only)");
    h.byteOrder = d[0] == '=' ? '<' : d[0];
    h.kind = d[1];
    h.itemSize = std::stoi(d.substr(2));
    const bool sizeOk = (h.kind == 'b' && h.itemSize == 1) || (h.kind == 'f' && (h.itemSize == 4 || h.itemSize == 8)) ||
                        ((h.kind == 'i' || h.kind == 'u') &&
                         (h.itemSize == 1 || h.itemSize == 2 || h.itemSize == 4 || h.itemSize == 8));
    if (!sizeOk) fail(path_, "unsupported .npy dtype '" + d + "' (bool, integer or float arrays only)");
  }

  const std::filesystem::path& path_;
  const std::string& text_;
  std::size_t at_ = 0;
};

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
  const std::uint64_t fileBytes = files::checkInputFile(path, files::Limits::kMaxCellFileBytes, "cell file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open (no permission?)");
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
  if (!in) fail(path, "truncated .npy header");
  const std::uint64_t dataStart = (version[0] == 1 ? 10u : 12u) + headerLength;
  if (headerLength > files::Limits::kMaxNpyHeaderBytes)
    fail(path, "a " + std::to_string(headerLength) + "-byte .npy header; NumPy writes a few hundred, MetaForge reads up to " +
                   std::to_string(files::Limits::kMaxNpyHeaderBytes));
  if (dataStart > fileBytes) fail(path, "truncated .npy header");
  std::string text(headerLength, '\0');
  in.read(text.data(), static_cast<std::streamsize>(headerLength));
  if (!in) fail(path, "truncated .npy header");
  const Header h = HeaderScanner(path, text).parse();
  if (h.shape.size() != 3) fail(path, "the array has " + std::to_string(h.shape.size()) + " dimensions; a cell needs 3");
  // C order (nz, ny, nx) and Fortran order (nx, ny, nz) both have x fastest.
  const long long nx = h.fortranOrder ? h.shape[0] : h.shape[2];
  const long long ny = h.shape[1];
  const long long nz = h.fortranOrder ? h.shape[2] : h.shape[0];
  files::checkCellDims(path, nx, ny, nz);
  // Everything the header claims is checked against the file before a byte is allocated for it.
  const std::uint64_t need = static_cast<std::uint64_t>(nx * ny * nz) * static_cast<std::uint64_t>(h.itemSize);
  if (fileBytes - dataStart < need)
    fail(path, "truncated: the array needs " + std::to_string(need) + " bytes of data, the file has " +
                   std::to_string(fileBytes - dataStart));
  BinaryCell cell(static_cast<int>(nx), static_cast<int>(ny), static_cast<int>(nz));
  std::vector<unsigned char> data(need);
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (static_cast<std::uint64_t>(in.gcount()) != need) fail(path, "truncated: the file ended while its data was read");
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
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
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
