// Cell files: raw and OpenVDB round trips, foreign VDB grids, atomic writes.

#include "core/io/atomic_file.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"

#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>
#include <openvdb/openvdb.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace mf::io {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("mf_io_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::size_t files() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator())); }
};

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
    EXPECT_NE(std::string(e.what()).find("10 bytes is not a cube of voxels"), std::string::npos) << e.what();
  }
  try {
    readRawCell(dir.path / "odd.raw", std::array<int, 3>{2, 2, 2});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("10 bytes, but a 2×2×2 cell needs 8"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readRawCell(dir.path / "missing.raw"), std::runtime_error);
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
