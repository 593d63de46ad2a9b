// Cell files: raw, NumPy and OpenVDB round trips, foreign files, atomic writes.

#include "core/io/atomic_file.hpp"
#include "core/io/cell_file.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"

#include "tests/core/temp_dir.hpp"
#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>
#include <openvdb/openvdb.h>

#include <filesystem>
#include <cmath>
#include <fstream>
#include <random>

namespace mf::io {
namespace {

namespace fs = std::filesystem;

using test::TempDir;
using test::randomCell;

TEST(RawCell, RoundTripsAndInfersCubes) {
  TempDir dir;
  const BinaryCell c = randomCell(7, 7, 7, 0.4, 1);
  writeRawCell(dir.path / "c.raw", c);
  EXPECT_EQ(readRawCell(dir.path / "c.raw"), c);
  const BinaryCell box = randomCell(4, 5, 6, 0.4, 2);
  writeRawCell(dir.path / "box.raw", box);
  EXPECT_EQ(readRawCell(dir.path / "box.raw", std::array<int, 3>{4, 5, 6}), box);
  EXPECT_EQ(fs::file_size(dir.path / "box.raw"), 120u);
  EXPECT_EQ(dir.files(), 2u);  // no temporary files left behind
}

TEST(RawCell, NonZeroBytesAreSolid) {
  TempDir dir;
  std::ofstream(dir.path / "b.raw", std::ios::binary).write("\x00\xff\x01\x00\x02\x00\x00\x07", 8);
  const BinaryCell c = readRawCell(dir.path / "b.raw");
  EXPECT_EQ(c.dims(), (std::array<int, 3>{2, 2, 2}));
  EXPECT_EQ(c.data(), (std::vector<std::uint8_t>{0, 1, 1, 0, 1, 0, 0, 1}));
}

TEST(RawCell, ErrorsSayWhatIsWrong) {
  TempDir dir;
  std::ofstream(dir.path / "odd.raw", std::ios::binary).write("abcdefghij", 10);
  try {
    readRawCell(dir.path / "odd.raw");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("10 bytes is not a cube of voxels of one byte each"), std::string::npos) << e.what();
  }
  try {
    readRawCell(dir.path / "odd.raw", std::array<int, 3>{2, 2, 2});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("10 bytes, but a 2×2×2 cell needs 8"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readRawCell(dir.path / "missing.raw"), std::runtime_error);
  // Hostile dimensions are refused before anything is allocated.
  EXPECT_THROW(readRawCell(dir.path / "odd.raw", RawLayout{{100000, 100000, 100000}}), std::runtime_error);
  EXPECT_THROW(readRawCell(dir.path / "odd.raw", RawLayout{{0, 2, 5}}), std::runtime_error);
}

TEST(RawCell, OtherLayoutsReadWhenGiven) {
  // A 2³ cell of little-endian uint16 after a 3-byte header, and the same as float32.
  TempDir dir;
  const std::vector<std::uint16_t> words = {0, 1, 256, 0, 7, 0, 0, 65535};
  {
    std::ofstream out(dir.path / "w.raw", std::ios::binary);
    out.write("hdr", 3);
    out.write(reinterpret_cast<const char*>(words.data()), 16);
  }
  const std::vector<std::uint8_t> expected{0, 1, 1, 0, 1, 0, 0, 1};
  EXPECT_EQ(readRawCell(dir.path / "w.raw", RawLayout{{2, 2, 2}, RawVoxel::UInt16, 3}).data(), expected);
  const std::vector<float> floats = {0.f, 0.5f, 0.9f, 0.49f, 1.f, -1.f, std::nanf(""), 2.f};
  std::ofstream(dir.path / "f.raw", std::ios::binary).write(reinterpret_cast<const char*>(floats.data()), 32);
  EXPECT_EQ(readRawCell(dir.path / "f.raw", RawLayout{{2, 2, 2}, RawVoxel::Float32}).data(), expected);
  // What a dialog offers for a file's size: a cube of one-, two- or four-byte voxels.
  EXPECT_EQ(guessRawLayout(4096)->dims, (std::array<int, 3>{16, 16, 16}));
  EXPECT_EQ(guessRawLayout(8192)->voxel, RawVoxel::UInt16);
  EXPECT_EQ(guessRawLayout(8192)->dims, (std::array<int, 3>{16, 16, 16}));
  EXPECT_EQ(guessRawLayout(4 * 27)->voxel, RawVoxel::Float32);
  EXPECT_FALSE(guessRawLayout(10));
  EXPECT_TRUE(isCubeOfBytes(27));
  EXPECT_FALSE(isCubeOfBytes(16));
}

// An .npy file as NumPy writes it: magic, version 1.0, little-endian header length, the dict
// padded with spaces to a multiple of 64 bytes, then the data.
void writeNpy(const fs::path& path, const std::string& descr, bool fortran, const std::string& shape,
              const std::string& data) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  out.put(static_cast<char>(header.size() & 0xff));
  out.put(static_cast<char>(header.size() >> 8));
  out << header << data;
}

template <class T>
std::string bytesOf(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

TEST(NpyCell, RoundTripsAndMatchesNumPysLayout) {
  TempDir dir;
  const BinaryCell c = randomCell(5, 4, 3, 0.5, 3);
  writeNpyCell(dir.path / "c.npy", c);
  EXPECT_EQ(readNpyCell(dir.path / "c.npy"), c);
  // 64-byte aligned header, then one byte per voxel (NumPy's own layout for shape (3, 4, 5)).
  EXPECT_EQ(fs::file_size(dir.path / "c.npy"), 128u + c.size());
  writeNpyCell(dir.path / "cube.npy", randomCell(3, 0.5, 3));
  EXPECT_EQ(readCell(dir.path / "cube.npy").format, "npy");
}

TEST(NpyCell, ReadsFloatDensitiesBoolsAndFortranOrder) {
  TempDir dir;
  // float32 densities of shape (nz, ny, nx) = (1, 1, 4): solid where ≥ 0.5.
  writeNpy(dir.path / "f.npy", "<f4", false, "(1, 1, 4)", bytesOf(std::vector<float>{0.1f, 0.5f, 0.49f, 1.0f}));
  EXPECT_EQ(readNpyCell(dir.path / "f.npy").data(), (std::vector<std::uint8_t>{0, 1, 0, 1}));
  // Big-endian float64 1.0 and 0.0.
  std::string be(16, '\0');
  be[0] = '\x3f', be[1] = '\xf0';
  writeNpy(dir.path / "d.npy", ">f8", false, "(1, 1, 2)", be);
  EXPECT_EQ(readNpyCell(dir.path / "d.npy").data(), (std::vector<std::uint8_t>{1, 0}));
  // Fortran order, shape (nx, ny, nz) = (2, 1, 3): the bytes are x fastest all the same.
  writeNpy(dir.path / "b.npy", "|b1", true, "(2, 1, 3)", std::string("\x01\x00\x00\x01\x01\x01", 6));
  const BinaryCell b = readNpyCell(dir.path / "b.npy");
  EXPECT_EQ(b.dims(), (std::array<int, 3>{2, 1, 3}));
  EXPECT_EQ(b.data(), (std::vector<std::uint8_t>{1, 0, 0, 1, 1, 1}));
  writeNpy(dir.path / "i.npy", "<i4", false, "(1, 1, 3)", bytesOf(std::vector<std::int32_t>{0, 256, -1}));
  EXPECT_EQ(readNpyCell(dir.path / "i.npy").data(), (std::vector<std::uint8_t>{0, 1, 1}));
}

TEST(NpyCell, ErrorsSayWhatIsWrong) {
  TempDir dir;
  auto message = [&](const fs::path& p) {
    try {
      readNpyCell(p);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::ofstream(dir.path / "text.npy") << "hello";
  EXPECT_NE(message(dir.path / "text.npy").find("not a NumPy .npy file"), std::string::npos);
  writeNpy(dir.path / "2d.npy", "|u1", false, "(2, 2)", "abcd");
  EXPECT_NE(message(dir.path / "2d.npy").find("2 dimensions; a cell needs 3"), std::string::npos);
  writeNpy(dir.path / "short.npy", "|u1", false, "(2, 2, 2)", "abc");
  EXPECT_NE(message(dir.path / "short.npy").find("truncated"), std::string::npos);
  writeNpy(dir.path / "complex.npy", "<c8", false, "(1, 1, 1)", std::string(8, '\0'));
  EXPECT_NE(message(dir.path / "complex.npy").find("unsupported .npy dtype"), std::string::npos);
  EXPECT_NE(message(dir.path / "missing.npy").find("cannot open"), std::string::npos);
}

TEST(CellFile, ChoosesTheReaderByExtensionAndNeedsCubes) {
  TempDir dir;
  writeRawCell(dir.path / "c.raw", randomCell(4, 0.5, 4));
  EXPECT_EQ(readCell(dir.path / "c.raw").cell.dims(), (std::array<int, 3>{4, 4, 4}));
  writeNpyCell(dir.path / "box.npy", randomCell(4, 4, 2, 0.5, 5));
  try {
    readCell(dir.path / "box.npy");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("4×4×2 voxels; MetaForge needs a cube"), std::string::npos) << e.what();
  }
  try {
    readCell(dir.path / "cell.obj");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("unsupported cell format '.obj'"), std::string::npos) << e.what();
  }
}

TEST(VdbCell, FogRoundTripKeepsDimensionsVoidBordersAndMetadata) {
  TempDir dir;
  BinaryCell c(6, 5, 4);
  c(2, 2, 2) = c(3, 2, 2) = 1;  // void border all around
  writeVdbFogCell(dir.path / "c.vdb", c, 0.25, {{"metaforge_family", "test"}});
  const VdbCell back = readVdbCell(dir.path / "c.vdb");
  EXPECT_EQ(back.cell, c);
  EXPECT_EQ(back.gridName, "density");
  EXPECT_EQ(back.metadata.at("metaforge_family"), "test");
  EXPECT_EQ(dir.files(), 1u);
}

TEST(VdbCell, ReadsForeignBoolGridsByTheirActiveBox) {
  TempDir dir;
  openvdb::initialize();
  auto g = openvdb::BoolGrid::create(false);
  g->setName("mask");
  g->tree().setValueOn(openvdb::Coord(10, 20, 30), true);
  g->tree().setValueOn(openvdb::Coord(12, 20, 31), true);
  openvdb::io::File((dir.path / "foreign.vdb").string()).write({g});
  const VdbCell r = readVdbCell(dir.path / "foreign.vdb");
  EXPECT_EQ(r.cell.dims(), (std::array<int, 3>{3, 1, 2}));
  EXPECT_EQ(r.cell(0, 0, 0), 1);
  EXPECT_EQ(r.cell(2, 0, 1), 1);
  EXPECT_EQ(r.cell(1, 0, 0), 0);
}

TEST(VdbCell, ReadsLevelSetsAsInsideNegative) {
  TempDir dir;
  openvdb::initialize();
  auto g = openvdb::FloatGrid::create(3.0f);
  g->setGridClass(openvdb::GRID_LEVEL_SET);
  g->insertMeta("metaforge_dims", openvdb::Vec3IMetadata(openvdb::Vec3i(2, 1, 1)));
  g->tree().setValueOn(openvdb::Coord(0, 0, 0), -0.5f);
  g->tree().setValueOn(openvdb::Coord(1, 0, 0), 0.5f);
  openvdb::io::File((dir.path / "ls.vdb").string()).write({g});
  const VdbCell r = readVdbCell(dir.path / "ls.vdb");
  EXPECT_EQ(r.cell.data(), (std::vector<std::uint8_t>{1, 0}));
  EXPECT_EQ(r.gridClass, "level set");
}

TEST(VdbCell, ErrorsSayWhatIsWrong) {
  TempDir dir;
  std::ofstream(dir.path / "junk.vdb") << "not a vdb";
  try {
    readVdbCell(dir.path / "junk.vdb");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("as an OpenVDB file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readVdbCell(dir.path / "none.vdb"), std::runtime_error);
}

TEST(AtomicFile, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const fs::path target = dir.path / "keep.txt";
  std::ofstream(target) << "old";
  EXPECT_THROW(writeAtomically(target,
                               [](const fs::path& tmp) {
                                 std::ofstream(tmp) << "half";
                                 throw std::runtime_error("disk full");
                               }),
               std::runtime_error);
  std::ifstream in(target);
  std::string s;
  in >> s;
  EXPECT_EQ(s, "old");
  EXPECT_EQ(dir.files(), 1u);
}

}  // namespace
}  // namespace mf::io
