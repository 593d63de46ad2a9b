#include "core/io/vdb_cell.hpp"

#include "core/files/atomic_file.hpp"
#include "core/files/input_file.hpp"
#include "core/files/isolated_reader.hpp"

#include <openvdb/openvdb.h>

#include <cctype>
#include <cstring>
#include <cstdint>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace mf::io {
namespace {

void initializeOpenVdb() {
  static std::once_flag once;
  std::call_once(once, [] { openvdb::initialize(); });
}

template <class GridT, class Solid>
BinaryCell sample(const GridT& grid, const openvdb::Coord& origin, const std::array<int, 3>& dims, Solid solid) {
  BinaryCell cell(dims[0], dims[1], dims[2]);
  auto acc = grid.getConstAccessor();
  for (int k = 0; k < dims[2]; ++k)
    for (int j = 0; j < dims[1]; ++j)
      for (int i = 0; i < dims[0]; ++i) {
        const openvdb::Coord c = origin + openvdb::Coord(i, j, k);
        cell(i, j, k) = solid(acc, c) ? 1 : 0;
      }
  return cell;
}

// OpenVDB trusts the lengths and offsets in its files: a truncated or bit-flipped header makes
// it allocate gigabytes or assert. So the stream's structure is walked first, every length and
// offset checked against the file's size: the header, the file metadata, and each grid's
// descriptor with its [grid, end) byte range (OpenVDB's Archive and GridDescriptor layout, file
// format 222–224, as written since OpenVDB 5).
class VdbStructure {
 public:
  VdbStructure(const std::filesystem::path& path, std::uint64_t size) : path_(path), size_(size), in_(path, std::ios::binary) {
    if (!in_) bad("cannot open it");
  }

  void check() {
    if (u64() != static_cast<std::uint64_t>(openvdb::OPENVDB_MAGIC)) bad("not an OpenVDB file (no VDB magic number)");
    const std::uint32_t version = u32();
    if (version < 222 || version > openvdb::OPENVDB_FILE_VERSION)
      bad("OpenVDB file format " + std::to_string(version) + "; MetaForge reads 222–" +
          std::to_string(openvdb::OPENVDB_FILE_VERSION));
    u32(), u32();  // library version
    if (byte() != 1) bad("an OpenVDB stream without grid offsets (MetaForge reads files written by openvdb::io::File)");
    for (int i = 0; i < 36; ++i) {  // the UUID as text
      const char c = static_cast<char>(byte());
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '-')) bad("a damaged OpenVDB header (UUID)");
    }
    metadata("file metadata");
    const std::int32_t grids = i32();
    if (grids < 1 || grids > 64) bad("an OpenVDB header that claims " + std::to_string(grids) + " grids");
    for (std::int32_t g = 0; g < grids; ++g) {
      text(4096, "grid name"), text(256, "grid type"), text(4096, "instance parent");
      const std::uint64_t here = at_ + 24;
      const std::int64_t gridPos = i64(), blockPos = i64(), endPos = i64();
      // A grid starts right after its descriptor, and the last one ends with the file.
      if (gridPos != static_cast<std::int64_t>(here) || blockPos < gridPos || endPos < blockPos ||
          static_cast<std::uint64_t>(endPos) > size_ || (g + 1 == grids && static_cast<std::uint64_t>(endPos) != size_))
        bad("grid " + std::to_string(g + 1) + "'s byte range does not fit the file (truncated or damaged)");
      // Its compression flags and metadata, which OpenVDB reads before the tree.
      const std::uint32_t compression = u32();
      if (compression > 7) bad("a damaged OpenVDB grid header (compression flags " + std::to_string(compression) + ")");
      metadata("grid metadata");
      if (at_ > static_cast<std::uint64_t>(blockPos)) bad("a damaged OpenVDB grid header (metadata past the tree)");
      seek(static_cast<std::uint64_t>(endPos));
    }
  }

 private:
  [[noreturn]] void bad(const std::string& why) const { throw std::runtime_error(path_.string() + ": " + why); }
  void read(void* to, std::uint64_t n) {
    if (at_ + n > size_) bad("truncated: the OpenVDB header ends early");
    in_.read(static_cast<char*>(to), static_cast<std::streamsize>(n));
    if (!in_) bad("cannot read it");
    at_ += n;
  }
  void seek(std::uint64_t to) {
    in_.seekg(static_cast<std::streamoff>(to));
    at_ = to;
  }
  template <class T>
  T value() {
    T v;
    read(&v, sizeof v);
    return v;
  }
  std::uint64_t u64() { return value<std::uint64_t>(); }
  std::int64_t i64() { return value<std::int64_t>(); }
  std::uint32_t u32() { return value<std::uint32_t>(); }
  std::int32_t i32() { return value<std::int32_t>(); }
  std::uint8_t byte() { return value<std::uint8_t>(); }
  std::string text(std::uint32_t limit, const char* what) {
    const std::uint32_t n = u32();
    if (n > limit) bad(std::string("a damaged OpenVDB header: a ") + what + " of " + std::to_string(n) + " bytes");
    std::string s(n, '\0');
    read(s.data(), n);
    return s;
  }
  void metadata(const char* what) {
    const std::int32_t count = i32();
    if (count < 0 || count > 10000) bad(std::string("a damaged OpenVDB header: ") + std::to_string(count) + " entries of " + what);
    for (std::int32_t m = 0; m < count; ++m) {
      text(4096, "metadata name");
      const std::string type = text(256, "metadata type");
      const std::uint32_t bytes = u32();
      if (bytes > (1u << 24) || at_ + bytes > size_) bad(std::string("a damaged OpenVDB header: a value in the ") + what);
      // OpenVDB reads a value of a fixed-size type by its type, not by the length stored before
      // it: a length that disagrees would leave its reader out of step with the file.
      if (!fitsItsType(type, bytes)) bad(std::string("a damaged OpenVDB header: a ") + type + " value of " + std::to_string(bytes) + " bytes in the " + what);
      seek(at_ + bytes);
    }
  }
  // The value types OpenVDB's TypedMetadata<T>::readValue reads as sizeof(T) bytes.
  static bool fitsItsType(const std::string& type, std::uint32_t bytes) {
    static const std::map<std::string, std::uint32_t> kFixed = {
        {"bool", 1},   {"int32", 4},  {"int64", 8},  {"float", 4},  {"double", 8},  {"vec2i", 8},
        {"vec2s", 8},  {"vec2d", 16}, {"vec3i", 12}, {"vec3s", 12}, {"vec3d", 24},  {"vec4i", 16},
        {"vec4s", 16}, {"vec4d", 32}, {"mat4s", 64}, {"mat4d", 128}};
    const auto it = kFixed.find(type);
    return it == kFixed.end() || it->second == bytes;
  }

  const std::filesystem::path& path_;
  std::uint64_t size_;
  std::ifstream in_;
  std::uint64_t at_ = 0;
};

// The value of an integer vector metadata entry, if the grid has it.
std::optional<openvdb::Vec3i> vecMeta(const openvdb::GridBase& g, const std::string& name) {
  if (const auto m = g.getMetadata<openvdb::Vec3IMetadata>(name)) return m->value();
  return std::nullopt;
}

}  // namespace

namespace {

// What OpenVDB makes of the file: run in a child process (files::runIsolated), serially.
VdbCell readWithOpenVdb(const std::filesystem::path& path) {
  openvdb::GridBase::Ptr base;
  try {
    openvdb::io::File file(path.string());
    file.open(/*delayLoad=*/false);  // read what is asked now: no memory-mapped lazy buffers
    // The grids' metadata first (small), to check the cell's size before its tree is read.
    const openvdb::GridPtrVecPtr headers = file.readAllGridMetadata();
    if (!headers || headers->empty()) throw std::runtime_error(path.string() + " contains no grids");
    const openvdb::GridBase& h = *headers->front();
    std::array<std::int64_t, 3> extent{};
    if (const auto d = vecMeta(h, "metaforge_dims")) {
      extent = {d->x(), d->y(), d->z()};
    } else if (const auto lo = vecMeta(h, openvdb::GridBase::META_FILE_BBOX_MIN),
               hi = vecMeta(h, openvdb::GridBase::META_FILE_BBOX_MAX);
               lo && hi) {
      for (int a = 0; a < 3; ++a) extent[static_cast<std::size_t>(a)] = std::int64_t((*hi)[a]) - (*lo)[a] + 1;
    }
    if (extent[0] != 0) files::checkCellDims(path, extent[0], extent[1], extent[2]);
    if (const auto count = h.getMetadata<openvdb::Int64Metadata>(openvdb::GridBase::META_FILE_VOXEL_COUNT);
        count && static_cast<std::uint64_t>(std::max<std::int64_t>(0, count->value())) > files::Limits::kMaxCellVoxels)
      throw std::runtime_error(path.string() + ": its grid has " + std::to_string(count->value()) +
                               " active voxels, more than a 512³ cell");
    base = file.readGrid(h.getName());
    file.close();
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    if (what.find(path.string()) != std::string::npos) throw;  // already names the file
    throw std::runtime_error(path.string() + ": " + what);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot read " + path.string() + " as an OpenVDB file: " + e.what());
  }
  if (!base) throw std::runtime_error(path.string() + " contains no grids");

  VdbCell out;
  out.gridName = base->getName();
  out.gridClass = openvdb::GridBase::gridClassToString(base->getGridClass());
  for (auto it = base->beginMeta(); it != base->endMeta(); ++it)
    if (it->second->typeName() == openvdb::StringMetadata::staticTypeName()) out.metadata[it->first] = it->second->str();

  std::array<int, 3> dims{};
  openvdb::Coord origin(0, 0, 0);
  if (const auto meta = base->getMetadata<openvdb::Vec3IMetadata>("metaforge_dims")) {
    const openvdb::Vec3i d = meta->value();
    dims = {d.x(), d.y(), d.z()};
  } else {
    const openvdb::CoordBBox box = base->evalActiveVoxelBoundingBox();
    if (box.empty()) throw std::runtime_error(path.string() + ": the grid '" + out.gridName + "' has no active voxels");
    origin = box.min();
    const openvdb::Coord d = box.dim();
    dims = {d.x(), d.y(), d.z()};
  }
  files::checkCellDims(path, dims[0], dims[1], dims[2]);

  if (auto g = openvdb::gridPtrCast<openvdb::BoolGrid>(base)) {
    out.cell = sample(*g, origin, dims, [](auto& acc, const openvdb::Coord& c) { return acc.isValueOn(c); });
  } else if (auto m = openvdb::gridPtrCast<openvdb::MaskGrid>(base)) {
    out.cell = sample(*m, origin, dims, [](auto& acc, const openvdb::Coord& c) { return acc.isValueOn(c); });
  } else if (auto f = openvdb::gridPtrCast<openvdb::FloatGrid>(base)) {
    const bool levelSet = f->getGridClass() == openvdb::GRID_LEVEL_SET;
    out.cell = sample(*f, origin, dims, [levelSet](auto& acc, const openvdb::Coord& c) {
      const float v = acc.getValue(c);
      return levelSet ? v < 0.0f : v >= 0.5f;
    });
  } else if (auto dg = openvdb::gridPtrCast<openvdb::DoubleGrid>(base)) {
    const bool levelSet = dg->getGridClass() == openvdb::GRID_LEVEL_SET;
    out.cell = sample(*dg, origin, dims, [levelSet](auto& acc, const openvdb::Coord& c) {
      const double v = acc.getValue(c);
      return levelSet ? v < 0.0 : v >= 0.5;
    });
  } else {
    throw std::runtime_error(path.string() + ": grid '" + out.gridName + "' has type " + base->valueType() +
                             "; a bool, mask, float or double grid is needed");
  }
  return out;
}

// A VdbCell as bytes and back, for the trip from the child process.
void putText(std::string& out, const std::string& s) {
  const auto n = static_cast<std::uint32_t>(s.size());
  out.append(reinterpret_cast<const char*>(&n), 4);
  out += s;
}

std::string takeText(const std::string& in, std::size_t& at) {
  std::uint32_t n = 0;
  if (at + 4 > in.size()) throw std::runtime_error("a reader's answer is incomplete");
  std::memcpy(&n, in.data() + at, 4);
  at += 4;
  if (at + n > in.size()) throw std::runtime_error("a reader's answer is incomplete");
  std::string s = in.substr(at, n);
  at += n;
  return s;
}

std::string serialize(const VdbCell& c) {
  std::string out;
  for (const int d : c.cell.dims()) out.append(reinterpret_cast<const char*>(&d), 4);
  putText(out, c.gridName);
  putText(out, c.gridClass);
  putText(out, std::to_string(c.metadata.size()));
  for (const auto& [k, v] : c.metadata) putText(out, k), putText(out, v);
  out.append(reinterpret_cast<const char*>(c.cell.data().data()), c.cell.size());
  return out;
}

VdbCell deserialize(const std::string& in) {
  VdbCell c;
  std::size_t at = 12;
  if (in.size() < at) throw std::runtime_error("a reader's answer is incomplete");
  std::array<int, 3> d{};
  std::memcpy(d.data(), in.data(), 12);
  c.gridName = takeText(in, at);
  c.gridClass = takeText(in, at);
  const std::size_t entries = std::stoul(takeText(in, at));
  for (std::size_t e = 0; e < entries; ++e) {
    std::string k = takeText(in, at);
    c.metadata[k] = takeText(in, at);
  }
  c.cell = BinaryCell(d[0], d[1], d[2]);
  if (in.size() - at != c.cell.size()) throw std::runtime_error("a reader's answer is incomplete");
  std::memcpy(c.cell.data().data(), in.data() + at, c.cell.size());
  return c;
}

}  // namespace

VdbCell readVdbCell(const std::filesystem::path& path) {
  initializeOpenVdb();  // before the fork: the child inherits the registered grid types
  const std::uint64_t size = files::checkInputFile(path, files::Limits::kMaxCellFileBytes, "cell file");
  VdbStructure(path, size).check();
  // The structure holds; the tree inside may still be damaged, and OpenVDB would trust it.
  return deserialize(files::runIsolated([&] { return serialize(readWithOpenVdb(path)); }, path.string(),
                                        files::IsolationLimits::forFileOf(size)));
}

void writeVdbFogCell(const std::filesystem::path& path, const BinaryCell& cell, double voxelSize,
                     const std::map<std::string, std::string>& metadata) {
  initializeOpenVdb();
  if (cell.empty()) throw std::invalid_argument("cannot write an empty cell");
  openvdb::FloatGrid::Ptr grid = openvdb::FloatGrid::create(0.0f);
  grid->setName("density");
  grid->setGridClass(openvdb::GRID_FOG_VOLUME);
  grid->setTransform(openvdb::math::Transform::createLinearTransform(voxelSize));
  auto acc = grid->getAccessor();
  for (int k = 0; k < cell.nz(); ++k)
    for (int j = 0; j < cell.ny(); ++j)
      for (int i = 0; i < cell.nx(); ++i)
        if (cell(i, j, k)) acc.setValue(openvdb::Coord(i, j, k), 1.0f);
  grid->insertMeta("metaforge_dims", openvdb::Vec3IMetadata(openvdb::Vec3i(cell.nx(), cell.ny(), cell.nz())));
  for (const auto& [key, value] : metadata) grid->insertMeta(key, openvdb::StringMetadata(value));
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
    openvdb::io::File file(tmp.string());
    file.write({grid});
    file.close();
  });
}

}  // namespace mf::io
