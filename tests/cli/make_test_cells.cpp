// Writes the cells the CLI tests read, into the directory given as the only argument. Cells are
// generated from the repository, not stored in it.

#include "core/dataset/tpms.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/vdb_cell.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_test_cells DIR\n";
    return 2;
  }
  namespace fs = std::filesystem;
  const fs::path dir = argv[1];
  fs::create_directories(dir);
  const mf::BinaryCell gyroid = mf::tpmsCell(mf::Tpms::Gyroid, 16, 0.3, true);
  mf::io::writeRawCell(dir / "gyroid16.raw", gyroid);
#ifdef MF_HAVE_OPENVDB
  mf::io::writeVdbFogCell(dir / "gyroid16.vdb", gyroid, 1.0 / 16, {{"metaforge_source", "make_test_cells"}});
#endif
  mf::io::writeRawCell(dir / "void8.raw", mf::BinaryCell(8));
  mf::BinaryCell plates(8);  // two plates normal to z: no stiffness along z
  for (int k : {1, 2, 5})
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 8; ++i) plates(i, j, k) = 1;
  mf::io::writeRawCell(dir / "plates8.raw", plates);
  std::ofstream(dir / "tenbytes.raw", std::ios::binary) << "0123456789";
  std::ofstream(dir / "cell.txt") << "not a cell";
  return 0;
}
