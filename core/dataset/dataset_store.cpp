#include "core/dataset/dataset_store.hpp"

#include "core/files/atomic_file.hpp"
#include "core/files/input_file.hpp"
#include "core/files/isolated_reader.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

namespace mf::dataset {
namespace {

constexpr const char* kFormat = "metaforge-dataset";
constexpr int kVersion = 1;

// Owns one HDF5 identifier and closes it with the right H5*close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer close, const std::string& what) : id_(id), close_(close) {
    if (id < 0) throw std::runtime_error("HDF5: " + what + " failed");
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  Closer close_;
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: " + what + " failed");
}

// HDF5 prints its own error stack to stderr by default; we turn failures into exceptions.
void silenceHdf5() {
  static const bool once = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)once;
}

Handle stringType() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(t, H5T_VARIABLE), "string size");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "string charset");
  return t;
}

struct Column {
  const char* name;
  int rank;            // including the sample axis
  hsize_t inner[3];    // the per-sample shape
  hsize_t chunk;       // samples per chunk
  bool gzip;
};

Column octantColumn(hsize_t m) { return {"octant", 4, {m, m, m}, 16, true}; }
const Column kStiffness{"stiffness", 3, {6, 6, 0}, 256, true};
const Column kVolume{"volume_fraction", 1, {0, 0, 0}, 1024, true};
const Column kIndex{"index", 1, {0, 0, 0}, 1024, true};
const Column kSeed{"seed", 1, {0, 0, 0}, 1024, true};
const Column kGenerator{"generator", 1, {0, 0, 0}, 256, false};
const Column kParams{"params", 1, {0, 0, 0}, 256, false};
const Column kFe{"fe", 1, {0, 0, 0}, 256, false};

void createColumn(hid_t group, const Column& c, hid_t type) {
  hsize_t dims[4] = {0, c.inner[0], c.inner[1], c.inner[2]};
  hsize_t maxDims[4] = {H5S_UNLIMITED, c.inner[0], c.inner[1], c.inner[2]};
  hsize_t chunk[4] = {c.chunk, c.inner[0], c.inner[1], c.inner[2]};
  Handle space(H5Screate_simple(c.rank, dims, maxDims), H5Sclose, "dataspace");
  Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "property list");
  check(H5Pset_chunk(plist, c.rank, chunk), "chunking");
  if (c.gzip) {
    check(H5Pset_shuffle(plist), "shuffle filter");
    check(H5Pset_deflate(plist, 6), "gzip filter");
  }
  Handle ds(H5Dcreate2(group, c.name, type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
            std::string("create ") + c.name);
}

// Writes `count` samples' values at rows [offset, offset + count) of an existing column.
void writeRows(hid_t group, const Column& c, hid_t memType, hsize_t offset, hsize_t count, const void* data) {
  Handle ds(H5Dopen2(group, c.name, H5P_DEFAULT), H5Dclose, std::string("open ") + c.name);
  hsize_t newDims[4] = {offset + count, c.inner[0], c.inner[1], c.inner[2]};
  check(H5Dset_extent(ds, newDims), std::string("extend ") + c.name);
  if (count == 0) return;
  Handle file(H5Dget_space(ds), H5Sclose, "file space");
  hsize_t start[4] = {offset, 0, 0, 0};
  hsize_t block[4] = {count, c.inner[0], c.inner[1], c.inner[2]};
  check(H5Sselect_hyperslab(file, H5S_SELECT_SET, start, nullptr, block, nullptr), "select rows");
  Handle mem(H5Screate_simple(c.rank, block, nullptr), H5Sclose, "memory space");
  check(H5Dwrite(ds, memType, mem, file, H5P_DEFAULT, data), std::string("write ") + c.name);
}

hsize_t rows(hid_t group, const char* name) {
  Handle ds(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose, std::string("open ") + name);
  Handle space(H5Dget_space(ds), H5Sclose, "space");
  hsize_t dims[4] = {0, 0, 0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  return dims[0];
}

template <class T>
std::vector<T> readColumn(hid_t group, const Column& c, hid_t memType, hsize_t n) {
  hsize_t per = 1;
  for (int a = 1; a < c.rank; ++a) per *= c.inner[a - 1];
  std::vector<T> out(static_cast<std::size_t>(n * per));
  if (n == 0) return out;
  Handle ds(H5Dopen2(group, c.name, H5P_DEFAULT), H5Dclose, std::string("open ") + c.name);
  check(H5Dread(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), std::string("read ") + c.name);
  return out;
}

std::vector<std::string> readStrings(hid_t group, const Column& c, hsize_t n) {
  std::vector<std::string> out;
  if (n == 0) return out;
  Handle type = stringType();
  std::vector<char*> raw(static_cast<std::size_t>(n), nullptr);
  Handle ds(H5Dopen2(group, c.name, H5P_DEFAULT), H5Dclose, std::string("open ") + c.name);
  check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), std::string("read ") + c.name);
  for (char* s : raw) out.emplace_back(s ? s : "");
  Handle space(H5Dget_space(ds), H5Sclose, "space");
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  return out;
}

void writeIntAttribute(hid_t obj, const char* name, int value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(obj, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, name);
  check(H5Awrite(attr, H5T_NATIVE_INT, &value), name);
}

// A scalar integer attribute, checked to be one before it is read.
int readIntAttribute(hid_t obj, const char* name, const std::filesystem::path& path) {
  if (H5Aexists(obj, name) <= 0) throw std::runtime_error(path.string() + ": not a MetaForge dataset (no " + name + " attribute)");
  Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, std::string("attribute ") + name);
  Handle type(H5Aget_type(attr), H5Tclose, "attribute type");
  Handle space(H5Aget_space(attr), H5Sclose, "attribute space");
  if (H5Tget_class(type) != H5T_INTEGER || H5Sget_simple_extent_npoints(space) != 1)
    throw std::runtime_error(path.string() + ": a damaged dataset (attribute " + name + " is not one integer)");
  int value = 0;
  check(H5Aread(attr, H5T_NATIVE_INT, &value), name);
  return value;
}

void writeStringAttribute(hid_t obj, const char* name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_size(type, value.size() + 1), "string size");
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
  Handle attr(H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, name);
  check(H5Awrite(attr, type, value.c_str()), name);
}

void createLayout(hid_t file, int cellResolution, CellStorage storage) {
  writeStringAttribute(file, "format", kFormat);
  writeIntAttribute(file, "version", kVersion);
  writeIntAttribute(file, "cell_resolution", cellResolution);
  writeIntAttribute(file, "octants", storage == CellStorage::Octant ? 1 : 0);
  Handle group(H5Gcreate2(file, "samples", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /samples");
  const auto m = static_cast<hsize_t>(cellResolution / 2);
  if (storage == CellStorage::Octant) createColumn(group, octantColumn(m), H5T_STD_U8LE);
  createColumn(group, kStiffness, H5T_IEEE_F64LE);
  createColumn(group, kVolume, H5T_IEEE_F64LE);
  createColumn(group, kIndex, H5T_STD_U64LE);
  createColumn(group, kSeed, H5T_STD_U64LE);
  Handle str = stringType();
  createColumn(group, kGenerator, str);
  createColumn(group, kParams, str);
  createColumn(group, kFe, str);
}

int checkLayout(hid_t file, const std::filesystem::path& path) {
  if (H5Aexists(file, "format") <= 0) throw std::runtime_error(path.string() + ": not a MetaForge dataset (no format attribute)");
  std::string format;
  {
    Handle attr(H5Aopen(file, "format", H5P_DEFAULT), H5Aclose, "attribute format");
    Handle type(H5Aget_type(attr), H5Tclose, "attribute type");
    Handle space(H5Aget_space(attr), H5Sclose, "attribute space");
    // A fixed-length string of sane size; a variable-length one would send HDF5 into the heap.
    const std::size_t size = H5Tget_size(type);
    if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) != 0 || size == 0 || size > 256 ||
        H5Sget_simple_extent_npoints(space) != 1)
      throw std::runtime_error(path.string() + ": not a MetaForge dataset (its format attribute is not a short string)");
    format.assign(size, '\0');
    check(H5Aread(attr, type, format.data()), "format");
    format = format.c_str();
  }
  if (format != kFormat) throw std::runtime_error(path.string() + ": not a MetaForge dataset (format '" + format + "')");
  const int version = readIntAttribute(file, "version", path);
  if (version != kVersion)
    throw std::runtime_error(path.string() + ": dataset version " + std::to_string(version) + ", this build reads " +
                             std::to_string(kVersion));
  const int res = readIntAttribute(file, "cell_resolution", path);
  if (res < 2 || res > 1024 || res % 2)
    throw std::runtime_error(path.string() + ": a damaged dataset (cell_resolution " + std::to_string(res) +
                             "; an even number of 2–1024 voxels)");
  return res;
}

// Whether the file stores octants: its octants attribute, 1 when absent (files before it did).
CellStorage storageOf(hid_t file, const std::filesystem::path& path) {
  if (H5Aexists(file, "octants") <= 0) return CellStorage::Octant;
  const int octants = readIntAttribute(file, "octants", path);
  if (octants != 0 && octants != 1)
    throw std::runtime_error(path.string() + ": a damaged dataset (attribute octants is " + std::to_string(octants) + ", not 0 or 1)");
  return octants ? CellStorage::Octant : CellStorage::Regenerated;
}

// How a column is stored, checked before HDF5 reads it: in chunks, as MetaForge writes every
// column (to append rows), each chunk within the column's fixed per-sample shape and at most
// 64 MiB, through the filters MetaForge writes (shuffle, gzip) or a checksum. HDF5 trusts the
// chunk shape in the file: a chunk 10,000 times taller than the cell it holds made it copy past
// its buffer (a fuzz finding, regress-chunk-past-cell.h5).
void checkStorage(hid_t ds, const Column& c, const hsize_t* dims, std::size_t elementBytes,
                  const std::filesystem::path& path) {
  const auto bad = [&](const std::string& why) {
    throw std::runtime_error(path.string() + ": a damaged dataset (column " + c.name + " " + why + ")");
  };
  Handle plist(H5Dget_create_plist(ds), H5Pclose, "creation properties");
  if (H5Pget_layout(plist) != H5D_CHUNKED) bad("is not stored in chunks");
  hsize_t chunk[H5S_MAX_RANK] = {};
  if (H5Pget_chunk(plist, H5S_MAX_RANK, chunk) != c.rank) bad("has chunks of another rank");
  std::uint64_t bytes = elementBytes;
  for (int a = 0; a < c.rank; ++a) {
    if (chunk[a] < 1 || (a > 0 && chunk[a] > dims[a])) bad("has chunks larger than a sample");
    bytes *= chunk[a];
    if (bytes > (64ull << 20)) bad("has chunks over 64 MiB");
  }
  for (int f = 0, n = H5Pget_nfilters(plist); f < n; ++f) {
    unsigned flags = 0;
    std::size_t values = 0;
    const H5Z_filter_t id = H5Pget_filter2(plist, static_cast<unsigned>(f), &flags, &values, nullptr, 0, nullptr, nullptr);
    if (id != H5Z_FILTER_SHUFFLE && id != H5Z_FILTER_DEFLATE && id != H5Z_FILTER_FLETCHER32)
      bad("is compressed by a filter MetaForge does not write (" + std::to_string(id) + ")");
  }
}

// Every column of /samples exists with the shape, the element type and the number of rows that the
// layout and the index column say, before a byte is read: a reader sized from one column and
// reading another of other length overran its buffer. Returns the number of samples.
hsize_t checkColumns(hid_t group, const std::filesystem::path& path, int cellResolution, bool voxels) {
  const auto m = static_cast<hsize_t>(cellResolution / 2);
  struct Expect {
    Column column;
    H5T_class_t type;
    std::size_t minSize, maxSize;
  };
  std::vector<Expect> columns = {{kIndex, H5T_INTEGER, 1, 8},     {kStiffness, H5T_FLOAT, 4, 8}, {kVolume, H5T_FLOAT, 4, 8},
                                 {kSeed, H5T_INTEGER, 1, 8},      {kGenerator, H5T_STRING, 1, 64},
                                 {kParams, H5T_STRING, 1, 64},    {kFe, H5T_STRING, 1, 64}};
  if (voxels) columns.push_back({octantColumn(m), H5T_INTEGER, 1, 1});
  hsize_t n = 0;
  for (const Expect& e : columns) {
    const Column& c = e.column;
    if (H5Lexists(group, c.name, H5P_DEFAULT) <= 0)
      throw std::runtime_error(path.string() + ": not a MetaForge dataset (no column " + c.name + ")");
    Handle ds(H5Dopen2(group, c.name, H5P_DEFAULT), H5Dclose, std::string("open ") + c.name);
    Handle space(H5Dget_space(ds), H5Sclose, "space");
    Handle type(H5Dget_type(ds), H5Tclose, "type");
    const int rank = H5Sget_simple_extent_ndims(space);
    hsize_t dims[H5S_MAX_RANK] = {};
    if (rank != c.rank || H5Sget_simple_extent_dims(space, dims, nullptr) != rank)
      throw std::runtime_error(path.string() + ": a damaged dataset (column " + c.name + " has " + std::to_string(rank) +
                               " dimensions, not " + std::to_string(c.rank) + ")");
    for (int a = 1; a < rank; ++a)
      if (dims[a] != c.inner[a - 1])
        throw std::runtime_error(path.string() + ": a damaged dataset (column " + c.name + " does not match cell_resolution " +
                                 std::to_string(cellResolution) + ")");
    checkStorage(ds, c, dims, H5Tget_size(type), path);
    const std::size_t size = H5Tget_size(type);
    const bool variableString = H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0;
    if (H5Tget_class(type) != e.type || (e.type == H5T_STRING ? !variableString : size < e.minSize || size > e.maxSize))
      throw std::runtime_error(path.string() + ": a damaged dataset (column " + c.name + " has the wrong element type)");
    if (&e == &columns.front()) n = dims[0];
    else if (dims[0] != n)
      throw std::runtime_error(path.string() + ": a damaged dataset (column " + c.name + " holds " + std::to_string(dims[0]) +
                               " rows, index " + std::to_string(n) + ")");
  }
  if (n > 100'000'000) throw std::runtime_error(path.string() + ": " + std::to_string(n) + " samples, more than MetaForge reads");
  return n;
}

void appendRows(hid_t file, const std::vector<Sample>& samples, int cellResolution, CellStorage storage) {
  Handle group(H5Gopen2(file, "samples", H5P_DEFAULT), H5Gclose, "open /samples");
  const hsize_t offset = rows(group, "index");
  const hsize_t n = samples.size();
  const bool octants = storage == CellStorage::Octant;
  const auto m = static_cast<hsize_t>(octants ? cellResolution / 2 : 0);
  std::vector<std::uint8_t> vox;
  std::vector<double> stiff, vf;
  std::vector<std::uint64_t> index, seed;
  std::vector<const char*> gen, params, fe;
  vox.reserve(n * m * m * m);
  for (const Sample& s : samples) {
    if (!octants && !s.octant.empty())
      throw std::invalid_argument("dataset: sample " + std::to_string(s.index) + " has an octant; this file stores none");
    if (octants && (s.octant.nx() != static_cast<int>(m) || !s.octant.isCube()))
      throw std::invalid_argument("dataset: sample " + std::to_string(s.index) + " has an octant of the wrong size");
    for (int k = 0; k < s.octant.nz(); ++k)  // stored [z][y][x]: a NumPy (m, m, m) array in the cell's layout
      for (int j = 0; j < s.octant.ny(); ++j)
        for (int i = 0; i < s.octant.nx(); ++i) vox.push_back(s.octant(i, j, k) ? 1 : 0);
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 6; ++c) stiff.push_back(s.stiffness(r, c));
    vf.push_back(s.volumeFraction);
    index.push_back(s.index);
    seed.push_back(s.seed);
    gen.push_back(s.generator.c_str());
    params.push_back(s.params.c_str());
    fe.push_back(s.fe.c_str());
  }
  if (octants) writeRows(group, octantColumn(m), H5T_NATIVE_UINT8, offset, n, vox.data());
  writeRows(group, kStiffness, H5T_NATIVE_DOUBLE, offset, n, stiff.data());
  writeRows(group, kVolume, H5T_NATIVE_DOUBLE, offset, n, vf.data());
  writeRows(group, kIndex, H5T_NATIVE_UINT64, offset, n, index.data());
  writeRows(group, kSeed, H5T_NATIVE_UINT64, offset, n, seed.data());
  Handle str = stringType();
  writeRows(group, kGenerator, str, offset, n, gen.data());
  writeRows(group, kParams, str, offset, n, params.data());
  writeRows(group, kFe, str, offset, n, fe.data());
}

// The file, opened for reading after the cheap checks that HDF5 itself does not make.
Handle openDataset(const std::filesystem::path& path, unsigned flags) {
  files::checkInputFile(path, 1ull << 40, "dataset");
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw std::runtime_error(path.string() + ": not an HDF5 file (so not a MetaForge dataset)");
  const hid_t id = H5Fopen(path.c_str(), flags, H5P_DEFAULT);
  if (id < 0) throw std::runtime_error(path.string() + ": a damaged HDF5 file (its superblock or root group cannot be read)");
  return Handle(id, H5Fclose, "open");
}

Handle openSamples(hid_t file, const std::filesystem::path& path) {
  if (H5Lexists(file, "samples", H5P_DEFAULT) <= 0)
    throw std::runtime_error(path.string() + ": not a MetaForge dataset (no /samples group)");
  return Handle(H5Gopen2(file, "samples", H5P_DEFAULT), H5Gclose, "open /samples");
}

std::vector<Sample> readChecked(const std::filesystem::path& path, bool voxels);

// Runs a reader; an HDF5 failure it meets deep inside ("HDF5: read stiffness failed") is said
// of the file: "<path>: a damaged dataset (HDF5: read stiffness failed)".
template <class F>
auto namingTheFile(const std::filesystem::path& path, F&& read) {
  try {
    return read();
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    if (what.find(path.string()) != std::string::npos) throw;
    throw std::runtime_error(path.string() + ": a damaged dataset (" + what + ")");
  }
}

// Samples as bytes and back, for the trip from the reading child: per sample its index, seed,
// C^H, volume fraction, three strings (length first) and, with voxels, its octant.
class Packer {
 public:
  template <class T>
  void put(const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(const std::string& t) {
    put(static_cast<std::uint32_t>(t.size()));
    out += t;
  }
  std::string out;
};

class Unpacker {
 public:
  Unpacker(const std::string& in, const std::filesystem::path& path) : in_(in), path_(path) {}
  template <class T>
  T take() {
    T v;
    std::memcpy(&v, bytes(sizeof v), sizeof v);
    return v;
  }
  std::string text() {
    const auto n = take<std::uint32_t>();
    return std::string(bytes(n), n);
  }
  const char* bytes(std::size_t n) {
    if (n > in_.size() - at_) throw std::runtime_error(path_.string() + ": a damaged dataset (its reader's answer is incomplete)");
    at_ += n;
    return in_.data() + at_ - n;
  }
  bool done() const { return at_ == in_.size(); }

 private:
  const std::string& in_;
  const std::filesystem::path& path_;
  std::size_t at_ = 0;
};

std::string pack(const std::vector<Sample>& samples, bool voxels) {
  Packer p;
  p.put(static_cast<std::uint64_t>(samples.size()));
  p.put(static_cast<std::int32_t>(samples.empty() || !voxels ? 0 : samples.front().octant.nx()));
  for (const Sample& x : samples) {
    p.put(x.index), p.put(x.seed);
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 6; ++c) p.put(x.stiffness(r, c));
    p.put(x.volumeFraction), p.put(x.generator), p.put(x.params), p.put(x.fe);
    if (voxels) p.out.append(reinterpret_cast<const char*>(x.octant.data().data()), x.octant.size());
  }
  return p.out;
}

std::vector<Sample> unpack(const std::string& packed, bool voxels, const std::filesystem::path& path) {
  Unpacker u(packed, path);
  const auto n = u.take<std::uint64_t>();
  const auto m = u.take<std::int32_t>();
  if (n > packed.size() || m < 0 || m > 512) throw std::runtime_error(path.string() + ": a damaged dataset (its reader's answer is inconsistent)");
  std::vector<Sample> out(static_cast<std::size_t>(n));
  for (Sample& x : out) {
    x.index = u.take<std::uint64_t>(), x.seed = u.take<std::uint64_t>();
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 6; ++c) x.stiffness(r, c) = u.take<double>();
    x.volumeFraction = u.take<double>();
    x.generator = u.text(), x.params = u.text(), x.fe = u.text();
    if (voxels) {
      x.octant = BinaryCell(m);
      std::memcpy(x.octant.data().data(), u.bytes(x.octant.size()), x.octant.size());
    }
  }
  if (!u.done()) throw std::runtime_error(path.string() + ": a damaged dataset (its reader's answer is inconsistent)");
  return out;
}

// HDF5 1.10 trusts a damaged file anywhere it reads it, down to asking whether an attribute
// exists (its attribute-message decoder copied past its buffer: a fuzz finding), and the strings'
// global heap crashes it inside H5Dread. So a dataset is read in a child process
// (files::runIsolated): any of that costs one error, and what comes back is checked again.
template <class Read>
std::string readInChild(const std::filesystem::path& path, Read&& read) {
  files::checkInputFile(path, 1ull << 40, "dataset");
  return files::runIsolated([&] { return namingTheFile(path, read); }, path.string(),
                            files::IsolationLimits::forFileOf(std::filesystem::file_size(path)));
}

std::vector<Sample> read(const std::filesystem::path& path, bool voxels) {
  return unpack(readInChild(path, [&] { return pack(readChecked(path, voxels), voxels); }), voxels, path);
}

std::vector<Sample> readChecked(const std::filesystem::path& path, bool voxels) {
  silenceHdf5();
  Handle file = openDataset(path, H5F_ACC_RDONLY);
  const int res = checkLayout(file, path);
  if (voxels && storageOf(file, path) == CellStorage::Regenerated)
    throw std::runtime_error(path.string() + ": stores no voxels (its cells are made again from each sample's parameters), "
                             "and this needs the voxels of cubic cells");
  Handle group = openSamples(file, path);
  const hsize_t n = checkColumns(group, path, res, voxels);
  const auto m = static_cast<hsize_t>(res / 2);
  const auto stiff = readColumn<double>(group, kStiffness, H5T_NATIVE_DOUBLE, n);
  const auto vf = readColumn<double>(group, kVolume, H5T_NATIVE_DOUBLE, n);
  const auto index = readColumn<std::uint64_t>(group, kIndex, H5T_NATIVE_UINT64, n);
  const auto seed = readColumn<std::uint64_t>(group, kSeed, H5T_NATIVE_UINT64, n);
  const auto gen = readStrings(group, kGenerator, n), params = readStrings(group, kParams, n), fe = readStrings(group, kFe, n);
  std::vector<std::uint8_t> vox;
  if (voxels) vox = readColumn<std::uint8_t>(group, octantColumn(m), H5T_NATIVE_UINT8, n);
  std::vector<Sample> out(static_cast<std::size_t>(n));
  const std::size_t per = m * m * m;
  for (std::size_t s = 0; s < out.size(); ++s) {
    Sample& x = out[s];
    x.index = index[s];
    x.seed = seed[s];
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 6; ++c) x.stiffness(r, c) = stiff[s * 36 + static_cast<std::size_t>(r * 6 + c)];
    x.volumeFraction = vf[s];
    x.generator = gen[s];
    x.params = params[s];
    x.fe = fe[s];
    if (voxels) {
      x.octant = BinaryCell(static_cast<int>(m));
      std::memcpy(x.octant.data().data(), vox.data() + s * per, per);
    }
  }
  return out;
}

}  // namespace

void writeDataset(const std::filesystem::path& path, const std::vector<Sample>& samples, int cellResolution,
                  CellStorage storage) {
  silenceHdf5();
  if (cellResolution < 2 || cellResolution % 2) throw std::invalid_argument("dataset: the cell resolution must be even");
  files::writeAtomically(path, [&](const std::filesystem::path& scratch) {
    Handle file(H5Fcreate(scratch.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "create " + scratch.string());
    createLayout(file, cellResolution, storage);
    appendRows(file, samples, cellResolution, storage);
  });
}

void appendSamples(const std::filesystem::path& path, const std::vector<Sample>& samples, int cellResolution,
                   CellStorage storage) {
  silenceHdf5();
  if (!std::filesystem::exists(path)) return writeDataset(path, samples, cellResolution, storage);
  if (readDatasetInfo(path).storage != storage)  // a damaged file is said so, not extended
    throw std::invalid_argument(path.string() + (storage == CellStorage::Octant ? " stores no octants; these samples have them"
                                                                               : " stores octants; these samples have none"));
  files::writeAtomically(path, [&](const std::filesystem::path& scratch) {
    std::filesystem::copy_file(path, scratch, std::filesystem::copy_options::overwrite_existing);
    Handle file(H5Fopen(scratch.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + scratch.string());
    const int res = checkLayout(file, path);
    if (res != cellResolution)
      throw std::invalid_argument(path.string() + " holds " + std::to_string(res) + "³ cells, not " +
                                  std::to_string(cellResolution) + "³");
    appendRows(file, samples, cellResolution, storage);
  });
}

DatasetInfo readDatasetInfo(const std::filesystem::path& path) {
  silenceHdf5();
  const std::string packed = readInChild(path, [&] {
    Handle file = openDataset(path, H5F_ACC_RDONLY);
    const int resolution = checkLayout(file, path);
    const CellStorage storage = storageOf(file, path);
    Handle group = openSamples(file, path);
    Packer p;
    p.put(static_cast<std::int32_t>(resolution));
    p.put(static_cast<std::uint64_t>(checkColumns(group, path, resolution, storage == CellStorage::Octant)));
    p.put(static_cast<std::uint8_t>(storage == CellStorage::Octant ? 1 : 0));
    return p.out;
  });
  Unpacker u(packed, path);
  DatasetInfo info;
  info.cellResolution = u.take<std::int32_t>();
  info.count = static_cast<std::size_t>(u.take<std::uint64_t>());
  info.storage = u.take<std::uint8_t>() ? CellStorage::Octant : CellStorage::Regenerated;
  return info;
}

std::vector<Sample> readDataset(const std::filesystem::path& path) { return read(path, true); }
std::vector<Sample> readDatasetLabels(const std::filesystem::path& path) { return read(path, false); }

std::vector<Sample> readStoredSamples(const std::filesystem::path& path) {
  return read(path, readDatasetInfo(path).storage == CellStorage::Octant);
}

}  // namespace mf::dataset
