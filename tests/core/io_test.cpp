// Cell files: raw, NumPy and OpenVDB round trips, foreign files, atomic writes.

#include "core/files/atomic_file.hpp"
#include "core/files/input_file.hpp"
#include "core/io/cell_file.hpp"
#include "core/io/npy_cell.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"

#include "tests/core/temp_dir.hpp"
#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
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
  EXPECT_NE(message(dir.path / "missing.npy").find("no such file"), std::string::npos);
}

TEST(NpyCell, HostileHeadersAreRefusedBeforeAnythingIsAllocated) {
  TempDir dir;
  auto message = [&](const fs::path& p) {
    try {
      readNpyCell(p);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // A 50 kB header of nested parentheses (a regular expression's recursion overflowed the stack).
  writeNpy(dir.path / "deep.npy", "|u1", false, "(2, 2, 2" + std::string(50000, ' ') + ")", "abcdefgh");
  EXPECT_NE(message(dir.path / "deep.npy").find("no error"), std::string::npos);  // spaces are fine…
  writeNpy(dir.path / "nested.npy", "|u1", false, std::string(25000, '(') + "2, 2, 2" + std::string(25000, ')'), "abcdefgh");
  EXPECT_NE(message(dir.path / "nested.npy").find("shape"), std::string::npos) << message(dir.path / "nested.npy");
  // A header longer than any NumPy writes, claimed in the version-2 length field.
  {
    std::string blob = std::string("\x93NUMPY", 6) + std::string("\x02\x00", 2);
    const std::uint32_t huge = 200u << 20;
    blob.append(reinterpret_cast<const char*>(&huge), 4);
    blob += "{'descr'";
    std::ofstream(dir.path / "long.npy", std::ios::binary) << blob;
  }
  EXPECT_NE(message(dir.path / "long.npy").find(".npy header"), std::string::npos) << message(dir.path / "long.npy");
  // 128 bytes that claim a 1024³ and a 512³ array: refused, not allocated.
  writeNpy(dir.path / "claim1024.npy", "<f8", false, "(1024, 1024, 1024)", "x");
  EXPECT_NE(message(dir.path / "claim1024.npy").find("more than the 512³"), std::string::npos) << message(dir.path / "claim1024.npy");
  writeNpy(dir.path / "claim512.npy", "<f8", false, "(512, 512, 512)", "x");
  EXPECT_NE(message(dir.path / "claim512.npy").find("truncated: the array needs 1073741824 bytes"), std::string::npos)
      << message(dir.path / "claim512.npy");
  // Digits without end, a negative dimension, a dtype that is not one.
  writeNpy(dir.path / "digits.npy", "|u1", false, "(" + std::string(40, '9') + ", 1, 1)", "a");
  EXPECT_NE(message(dir.path / "digits.npy").find("absurdly large"), std::string::npos);
  writeNpy(dir.path / "negative.npy", "|u1", false, "(-2, 2, 2)", "abcdefgh");
  EXPECT_NE(message(dir.path / "negative.npy").find("not a whole number"), std::string::npos);
  writeNpy(dir.path / "dtype.npy", "<f3", false, "(1, 1, 1)", "abc");
  EXPECT_NE(message(dir.path / "dtype.npy").find("unsupported .npy dtype '<f3'"), std::string::npos);
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
    EXPECT_NE(std::string(e.what()).find("not an OpenVDB file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readVdbCell(dir.path / "none.vdb"), std::runtime_error);
}

TEST(VdbCell, TruncatedAndDamagedFilesAreRefusedInOneLine) {
  // Every truncation of a real cell file, and every byte of its header flipped: a clean error or
  // a cell, never a crash, a hang or gigabytes (a 247-byte truncation ran 47 s and reached 7 GB).
  TempDir dir;
  const fs::path good = dir.path / "good.vdb";
  writeVdbFogCell(good, randomCell(8, 0.4, 3), 0.125);
  std::string bytes = test::fileBytes(good);
  ASSERT_GT(bytes.size(), 400u);
  const fs::path bad = dir.path / "bad.vdb";
  int refused = 0, read = 0;
  auto attempt = [&](const std::string& content) {
    std::ofstream(bad, std::ios::binary | std::ios::trunc).write(content.data(), static_cast<std::streamsize>(content.size()));
    try {
      const VdbCell c = readVdbCell(bad);
      EXPECT_LE(c.cell.size(), 8u * 8 * 8 * 8);
      ++read;
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      EXPECT_EQ(std::string(e.what()).rfind(bad.string(), 0) == 0 || std::string(e.what()).find(bad.string()) != std::string::npos, true)
          << e.what();
      ++refused;
    }
  };
  for (std::size_t n = 1; n < bytes.size(); n += 7) attempt(bytes.substr(0, n));
  for (std::size_t i = 0; i < 400; ++i)
    for (const unsigned char flip : {0x01, 0x80, 0xff}) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(static_cast<unsigned char>(damaged[i]) ^ flip);
      attempt(damaged);
    }
  EXPECT_GT(refused, 0);
}

TEST(VdbCell, AMetadataValueWhoseLengthDisagreesWithItsTypeIsRefusedBeforeOpenVdb) {
  // OpenVDB reads a vec2i as 8 bytes whatever length the file stores before it; a type name
  // flipped from vec3i to vec2i left its reader 4 bytes out of step, and the next "string length"
  // it read asked for 1.6 GB (fuzz finding, tests/fuzz/corpus/cell_file/regress-vdb-meta-type-size.vdb).
  TempDir dir;
  const fs::path path = dir.path / "meta.vdb";
  writeVdbFogCell(path, randomCell(8, 0.4, 5), 0.125);
  std::string bytes = test::fileBytes(path);
  const std::size_t at = bytes.find("vec3i");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] = '2';
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  try {
    readVdbCell(path);
    FAIL() << "a damaged file was read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path.string() + ": a damaged OpenVDB header: a vec2i value of 12 bytes"), std::string::npos)
        << e.what();
  }
}

TEST(AtomicFile, AFailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const fs::path target = dir.path / "keep.txt";
  std::ofstream(target) << "old";
  EXPECT_THROW(files::writeAtomically(target,
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

TEST(AtomicFile, TemporariesOfKilledWritersAreRemovedOnTheNextWrite) {
  TempDir dir;
  const fs::path target = dir.path / "model.pt";
  // A writer killed mid-write leaves its temporary; pid 999999999 is no process.
  std::ofstream(dir.path / ".model.tmp999999999-0.pt") << "half";
  std::ofstream(dir.path / (".model.tmp" + std::to_string(::getpid()) + "-99.pt")) << "ours, in flight";
  std::ofstream(dir.path / ".other.tmp999999999-0.pt") << "another target's";
  files::writeTextAtomically(target, "whole");
  EXPECT_FALSE(fs::exists(dir.path / ".model.tmp999999999-0.pt"));
  EXPECT_TRUE(fs::exists(dir.path / (".model.tmp" + std::to_string(::getpid()) + "-99.pt")));  // a live writer's
  EXPECT_TRUE(fs::exists(dir.path / ".other.tmp999999999-0.pt"));
  std::ifstream in(target);
  std::string s;
  in >> s;
  EXPECT_EQ(s, "whole");
}

TEST(InputFile, OnlyRegularFilesOfBoundedSizeAreRead) {
  TempDir dir;
  auto why = [](const auto& f) {
    try {
      f();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(why([&] { files::checkInputFile(dir.path, 100, "cell file"); }).find("a directory, not a cell file"), std::string::npos);
  const fs::path fifo = dir.path / "pipe.raw";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(why([&] { files::checkInputFile(fifo, 100, "cell file"); }).find("not a regular file"), std::string::npos);
  EXPECT_NE(why([&] { readCell(fifo); }).find("not a regular file"), std::string::npos);  // and no hang
  fs::create_symlink(dir.path / "b", dir.path / "a");
  fs::create_symlink(dir.path / "a", dir.path / "b");
  EXPECT_NE(why([&] { files::checkInputFile(dir.path / "a", 100, "cell file"); }).find("loop of symbolic links"), std::string::npos);
  std::ofstream(dir.path / "empty.npy");
  EXPECT_NE(why([&] { readCell(dir.path / "empty.npy"); }).find("empty"), std::string::npos);
  std::ofstream(dir.path / "big.raw") << std::string(200, 'x');
  EXPECT_NE(why([&] { files::checkInputFile(dir.path / "big.raw", 100, "cell file"); }).find("more than the 100 bytes"), std::string::npos);
  EXPECT_EQ(files::checkInputFile(dir.path / "big.raw", 1000, "cell file"), 200u);
  EXPECT_NO_THROW(files::checkCellDims("c", 512, 512, 512));
  EXPECT_THROW(files::checkCellDims("c", 1024, 1024, 1024), std::runtime_error);  // 1024³ is too many voxels
  EXPECT_THROW(files::checkCellDims("c", 2147483647, 1, 1), std::runtime_error);
  EXPECT_THROW(files::checkCellDims("c", 0, 4, 4), std::runtime_error);
}

}  // namespace
}  // namespace mf::io
