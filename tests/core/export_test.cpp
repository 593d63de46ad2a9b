// Surfaces and exports: meshes are watertight, enclose the voxel volume within the meshing
// tolerance, and every exported file reads back (STL, 3MF through lib3mf, VDB through OpenVDB).

#include "core/dataset/tpms.hpp"
#include "core/io/cell_export.hpp"
#include "core/io/mesh_smoothing.hpp"
#include "core/io/stl_file.hpp"
#include "core/io/surface.hpp"
#include "core/io/threemf_file.hpp"
#include "core/io/vdb_cell.hpp"

#include "tests/core/temp_dir.hpp"
#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace mf::io {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// The unit cube as 12 outward triangles: volume 1, area 6.
TriangleMesh unitCube() {
  TriangleMesh m;
  for (int v = 0; v < 8; ++v) m.vertices.push_back({float(v & 1), float((v >> 1) & 1), float((v >> 2) & 1)});
  const std::uint32_t quads[6][4] = {{0, 2, 3, 1}, {4, 5, 7, 6}, {0, 1, 5, 4}, {2, 6, 7, 3}, {0, 4, 6, 2}, {1, 3, 7, 5}};
  for (const auto& q : quads) {
    m.triangles.push_back({q[0], q[1], q[2]});
    m.triangles.push_back({q[0], q[2], q[3]});
  }
  return m;
}

BinaryCell tiled(const BinaryCell& c, int n) {
  BinaryCell out(c.nx() * n, c.ny() * n, c.nz() * n);
  for (int k = 0; k < out.nz(); ++k)
    for (int j = 0; j < out.ny(); ++j)
      for (int i = 0; i < out.nx(); ++i) out(i, j, k) = c(i % c.nx(), j % c.ny(), k % c.nz());
  return out;
}

// A ball of radius r·n voxels about the cell centre.
BinaryCell ball(int n, double r) {
  BinaryCell c(n);
  for (int k = 0; k < n; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = (i + 0.5) / n - 0.5, y = (j + 0.5) / n - 0.5, z = (k + 0.5) / n - 0.5;
        c(i, j, k) = x * x + y * y + z * z <= r * r;
      }
  return c;
}

double voxelVolume(const BinaryCell& c, const SurfaceOptions& o) {
  return volumeFraction(c) * std::pow(o.tiles * o.cellSize, 3);
}

TEST(MeshCheck, FindsHolesFlipsNonManifoldEdgesAndDegenerateTriangles) {
  TriangleMesh cube = unitCube();
  EXPECT_TRUE(checkMesh(cube).watertight());
  EXPECT_NEAR(enclosedVolume(cube), 1.0, 1e-12);
  EXPECT_NEAR(surfaceArea(cube), 6.0, 1e-12);

  TriangleMesh hole = cube;
  hole.triangles.pop_back();
  EXPECT_EQ(checkMesh(hole).boundaryEdges, 3u);

  TriangleMesh flipped = cube;
  std::swap(flipped.triangles[0][1], flipped.triangles[0][2]);
  EXPECT_EQ(checkMesh(flipped).misorientedEdges, 3u);

  TriangleMesh fin = cube;  // a third triangle on the edge 0–1
  fin.vertices.push_back({0.5f, -1.0f, 0.0f});
  fin.triangles.push_back({0, 1, 8});
  EXPECT_GE(checkMesh(fin).nonManifoldEdges, 1u);

  TriangleMesh sliver = cube;
  sliver.vertices.push_back({0.5f, 0.0f, 0.0f});  // on the edge 0–1: zero area
  sliver.triangles.push_back({0, 8, 1});
  sliver.triangles.push_back({1, 8, 0});
  EXPECT_EQ(checkMesh(sliver).degenerateTriangles, 2u);
  EXPECT_FALSE(checkMesh(sliver).watertight());
  EXPECT_NE(checkMesh(sliver).describe().find("degenerate"), std::string::npos);
}

TEST(MeshSmoothing, RoundsABoxAndKeepsItsVoxelVolume) {
  // An 8³ block in a 16³ cell: smoothing rounds edges and corners, so the area drops below the
  // faceted mesh's while the volume stays that of the voxels (⅛ of the cell).
  BinaryCell box(16);
  for (int k = 4; k < 12; ++k)
    for (int j = 4; j < 12; ++j)
      for (int i = 4; i < 12; ++i) box(i, j, k) = 1;
  NullProgress none;
  const TriangleMesh raw = extractSurface(box, {1, 0, 1.0}, none);
  TriangleMesh smooth = raw;
  smoothMesh(smooth, 5);
  EXPECT_EQ(smooth.triangles, raw.triangles);
  EXPECT_TRUE(checkMesh(smooth).watertight());
  EXPECT_NEAR(enclosedVolume(smooth), enclosedVolume(raw), 1e-4 * enclosedVolume(raw));
  EXPECT_LT(surfaceArea(smooth), surfaceArea(raw));
  EXPECT_NEAR(enclosedVolume(raw), 0.125, meshingTolerance(surfaceArea(raw), 1.0 / 16));
  const TriangleMesh restored = extractSurface(box, {1, 5, 1.0}, none);
  EXPECT_NEAR(enclosedVolume(restored), 0.125, 1e-3 * 0.125);
}

TEST(Surface, TpmsMeshesAreWatertightAndKeepTheVoxelVolume) {
  NullProgress none;
  for (const int n : {16, 32})
    for (const Tpms kind : {Tpms::Gyroid, Tpms::SchwarzP, Tpms::Diamond})
      for (const int tiles : {1, 2}) {
        SCOPED_TRACE(std::string(toString(kind)) + " " + std::to_string(n) + "³ × " + std::to_string(tiles));
        const BinaryCell cell = tpmsCell(kind, n, 0.3, true);
        const SurfaceOptions o{tiles, 0, 2.0};
        const TriangleMesh mesh = extractSurface(cell, o, none);
        EXPECT_TRUE(checkMesh(mesh).watertight()) << checkMesh(mesh).describe();
        // The mesher alone stays within the meshing tolerance; the volume offset then lands on
        // the voxel volume.
        SurfaceOptions faceted = o;
        faceted.keepVoxelVolume = false;
        const TriangleMesh raw = extractSurface(cell, faceted, none);
        EXPECT_NEAR(enclosedVolume(raw), voxelVolume(cell, o), meshingTolerance(surfaceArea(raw), o.cellSize / n));
        EXPECT_NEAR(enclosedVolume(mesh), voxelVolume(cell, o), 2e-3 * voxelVolume(cell, o));
        // Everything lies in the tiled block.
        for (const auto& v : mesh.vertices)
          for (const float x : v) ASSERT_TRUE(x >= 0.0f && x <= tiles * o.cellSize);
      }
}

TEST(Surface, ConvergesToTheBallUnderRefinement) {
  // A voxelized ball of radius 0.3. The mesh encloses the voxel volume within the meshing
  // tolerance, smoothed to 0.1 %; the voxel volume itself tends to 4/3 π r³; and at 64³ the
  // smoothed area is within 0.5 % of 4 π r², closer than the faceted mesh's.
  NullProgress none;
  const double r = 0.3, exactVolume = 4.0 / 3.0 * std::numbers::pi * r * r * r, exactArea = 4.0 * std::numbers::pi * r * r;
  for (const int n : {16, 32, 64}) {
    SCOPED_TRACE(n);
    const BinaryCell cell = ball(n, r);
    const TriangleMesh raw = extractSurface(cell, {1, 0, 1.0}, none);
    const TriangleMesh smooth = extractSurface(cell, {1, 6, 1.0}, none);
    EXPECT_TRUE(checkMesh(raw).watertight());
    EXPECT_TRUE(checkMesh(smooth).watertight());
    EXPECT_NEAR(enclosedVolume(raw), volumeFraction(cell), meshingTolerance(surfaceArea(raw), 1.0 / n));
    EXPECT_NEAR(enclosedVolume(smooth), volumeFraction(cell), 1e-3 * volumeFraction(cell));
    EXPECT_NEAR(volumeFraction(cell), exactVolume, 0.5 * surfaceArea(raw) / n);  // the ball's voxelization
    if (n == 64) {
      EXPECT_NEAR(surfaceArea(smooth), exactArea, 5e-3 * exactArea);
      EXPECT_LT(std::abs(surfaceArea(smooth) - exactArea), std::abs(surfaceArea(raw) - exactArea));
    }
  }
}

TEST(Surface, ThinFeaturesAreReportedOutsideTheTolerance) {
  // A strut one voxel thick: the mesher rounds it to a thin rod that a quarter-voxel offset
  // cannot restore, and the export report says so instead of claiming a faithful surface.
  BinaryCell strut(8);
  for (int i = 0; i < 8; ++i) strut(i, 4, 4) = 1;
  test::TempDir dir;
  NullProgress none;
  const ExportReport r = exportCell(strut, {}, dir.path / "strut.stl", {}, none);
  EXPECT_TRUE(r.meshCheck.watertight());
  EXPECT_FALSE(r.volumeWithinTolerance());
  EXPECT_LT(r.meshVolume, r.voxelVolume);
}

TEST(Surface, RejectsWhatCannotBeMeshed) {
  NullProgress none;
  EXPECT_THROW(extractSurface(BinaryCell(), {}, none), std::invalid_argument);
  EXPECT_THROW(extractSurface(BinaryCell(4), {}, none), std::invalid_argument);  // no solid
  EXPECT_THROW(extractSurface(ball(8, 0.3), {0, 0, 1.0}, none), std::invalid_argument);
  EXPECT_THROW(extractSurface(ball(8, 0.3), {1, 21, 1.0}, none), std::invalid_argument);
  EXPECT_THROW(extractSurface(ball(8, 0.3), {1, 0, -1.0}, none), std::invalid_argument);
  EXPECT_THROW(extractSurface(test::randomCell(4, 4, 2, 0.5, 1), {}, none), std::invalid_argument);
}

class Export : public ::testing::Test {
 protected:
  TempDir dir;
  NullProgress none;
  BinaryCell cell = tpmsCell(Tpms::Gyroid, 16, 0.3, true);
};

TEST_F(Export, StlReadsBackWatertightWithTheVolumeAndProvenance) {
  const ExportOptions o{ExportFormat::Stl, LengthUnit::Millimeter, 5.0, 2, 0};
  const ExportReport r = exportCell(cell, o, dir.path / "g.stl", {{"source", "gyroid16"}}, none);
  EXPECT_EQ(r.bytes, 84u + 50u * r.triangles);
  const StlFile back = readBinaryStl(dir.path / "g.stl");
  EXPECT_EQ(back.mesh.triangles.size(), r.triangles);
  EXPECT_TRUE(checkMesh(back.mesh).watertight()) << checkMesh(back.mesh).describe();
  EXPECT_NEAR(enclosedVolume(back.mesh), r.voxelVolume, r.meshingTolerance);
  EXPECT_NEAR(r.voxelVolume, volumeFraction(cell) * 1000.0, 1e-9);  // (2 · 5 mm)³
  EXPECT_NE(back.header.find("16×16×16"), std::string::npos) << back.header;
  EXPECT_NE(back.header.find("gyroid16"), std::string::npos) << back.header;
  EXPECT_EQ(dir.files(), 1u);
}

TEST_F(Export, ABlockOfCellsSideBySideIsOneBarOfTheirSize) {
  // A family's graded bar has this shape: three cells along x (48×16×16 voxels), 5 mm each.
  BinaryCell bar(48, 16, 16);
  for (int k = 0; k < 16; ++k)
    for (int j = 0; j < 16; ++j)
      for (int i = 0; i < 48; ++i) bar(i, j, k) = cell(i % 16, j, k);
  ExportOptions o{ExportFormat::Stl, LengthUnit::Millimeter, 5.0, 1, 0};
  o.cellVoxels = 16;
  const ExportReport r = exportCell(bar, o, dir.path / "bar.stl", {}, none);
  EXPECT_NEAR(r.voxelVolume, volumeFraction(cell) * 15.0 * 5.0 * 5.0, 1e-9);
  const StlFile back = readBinaryStl(dir.path / "bar.stl");
  EXPECT_TRUE(checkMesh(back.mesh).watertight()) << checkMesh(back.mesh).describe();
  EXPECT_NEAR(enclosedVolume(back.mesh), r.voxelVolume, r.meshingTolerance);
  std::array<float, 3> hi{};
  for (const auto& v : back.mesh.vertices)
    for (std::size_t a = 0; a < 3; ++a) {
      ASSERT_GE(v[a], 0.0f);
      hi[a] = std::max(hi[a], v[a]);
    }
  EXPECT_NEAR(hi[0], 15.0f, 0.2f);  // the gyroid reaches the block's sides
  EXPECT_NEAR(hi[1], 5.0f, 0.2f);
  EXPECT_NEAR(hi[2], 5.0f, 0.2f);
  // Three identical cells in a row enclose what a 3×3×3 tiling of them does, over nine.
  const ExportReport tiled3 = exportCell(cell, {ExportFormat::Stl, LengthUnit::Millimeter, 5.0, 3, 0}, dir.path / "t.stl", {}, none);
  EXPECT_NEAR(r.voxelVolume, tiled3.voxelVolume / 9.0, 1e-9);
  // Not a whole number of cells, or a block without its cell size in voxels: refused.
  o.cellVoxels = 12;
  EXPECT_THROW(exportCell(bar, o, dir.path / "x.stl", {}, none), std::invalid_argument);
  EXPECT_THROW(exportCell(bar, {}, dir.path / "x.stl", {}, none), std::invalid_argument);
  EXPECT_EQ(dir.files(), 2u);
}

TEST_F(Export, ThreeMfReadsBackThroughLib3mfWithUnitAndMetadata) {
  const ExportOptions o{ExportFormat::ThreeMf, LengthUnit::Micrometer, 800.0, 1, 3};
  const ExportReport r = exportCell(cell, o, dir.path / "g.3mf", {{"source", "gyroid16"}, {"name", "candidate 1"}}, none);
  const ThreeMfFile back = read3mf(dir.path / "g.3mf");
  EXPECT_EQ(back.unit, LengthUnit::Micrometer);
  EXPECT_EQ(back.mesh.triangles.size(), r.triangles);
  EXPECT_TRUE(checkMesh(back.mesh).watertight()) << checkMesh(back.mesh).describe();
  // Smoothed: the voxel volume to ~0.1 %, in µm³.
  EXPECT_NEAR(enclosedVolume(back.mesh), r.voxelVolume, 2e-3 * r.voxelVolume);
  EXPECT_EQ(back.metadata.at("Title"), "candidate 1");
  EXPECT_EQ(back.metadata.at("cell_voxels"), "16×16×16");
  EXPECT_EQ(back.metadata.at("source"), "gyroid16");
  EXPECT_EQ(back.metadata.at("unit"), "µm");
  EXPECT_EQ(back.metadata.at("Application").rfind("MetaForge ", 0), 0u);
}

TEST_F(Export, VdbLevelSetAndFogReadBackAsTheTiledVoxels) {
  const ExportOptions ls{ExportFormat::VdbLevelSet, LengthUnit::Millimeter, 4.0, 2, 0};
  const ExportReport r = exportCell(cell, ls, dir.path / "ls.vdb", {{"source", "gyroid16"}}, none);
  EXPECT_GT(r.activeVoxels, 0u);
  const VdbCell a = readVdbCell(dir.path / "ls.vdb");
  EXPECT_EQ(a.gridClass, "level set");
  EXPECT_EQ(a.cell, tiled(cell, 2));  // negative exactly in the solid voxels
  EXPECT_EQ(a.metadata.at("source"), "gyroid16");
  EXPECT_EQ(a.metadata.at("unit"), "mm");

  const ExportOptions fog{ExportFormat::VdbFog, LengthUnit::Millimeter, 4.0, 3, 0};
  exportCell(cell, fog, dir.path / "fog.vdb", {}, none);
  const VdbCell b = readVdbCell(dir.path / "fog.vdb");
  EXPECT_EQ(b.gridClass, "fog volume");
  EXPECT_EQ(b.cell, tiled(cell, 3));
}

TEST_F(Export, SmoothedLevelSetStaysCloseToTheVoxels) {
  const ExportOptions ls{ExportFormat::VdbLevelSet, LengthUnit::Millimeter, 4.0, 1, 4};
  exportCell(cell, ls, dir.path / "ls.vdb", {}, none);
  const BinaryCell back = readVdbCell(dir.path / "ls.vdb").cell;
  ASSERT_EQ(back.dims(), cell.dims());
  std::size_t same = 0;
  for (std::size_t v = 0; v < cell.size(); ++v) same += back[v] == cell[v];
  EXPECT_GT(static_cast<double>(same) / cell.size(), 0.95);
}

TEST_F(Export, CancelWritesNothingAndBadOptionsSayWhy) {
  CancelFlagProgress cancelled;
  cancelled.cancel();
  EXPECT_THROW(exportCell(cell, {}, dir.path / "c.stl", {}, cancelled), CancelledError);
  EXPECT_EQ(dir.files(), 0u);
  auto message = [&](ExportOptions o, const BinaryCell& c) {
    try {
      exportCell(c, o, dir.path / "x.stl", {}, none);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({ExportFormat::Stl, LengthUnit::Millimeter, 0.0, 1, 0}, cell).find("cell size must be a positive"),
            std::string::npos);
  EXPECT_NE(message({ExportFormat::Stl, LengthUnit::Millimeter, 1.0, 9, 0}, cell).find("tiling must be 1 to 8"),
            std::string::npos);
  EXPECT_NE(message({}, BinaryCell(4)).find("no solid voxels"), std::string::npos);
  EXPECT_EQ(dir.files(), 0u);
}

TEST(ExportNames, FormatsAndUnitsParse) {
  EXPECT_EQ(parseExportFormat(".stl"), ExportFormat::Stl);
  EXPECT_EQ(parseExportFormat("3MF"), ExportFormat::ThreeMf);
  EXPECT_EQ(parseExportFormat("vdb"), ExportFormat::VdbLevelSet);
  EXPECT_EQ(parseExportFormat("vdb-fog"), ExportFormat::VdbFog);
  EXPECT_FALSE(parseExportFormat("obj"));
  for (const LengthUnit u : allLengthUnits()) EXPECT_EQ(parseLengthUnit(unitSymbol(u)), u);
  EXPECT_EQ(parseLengthUnit("um"), LengthUnit::Micrometer);
  EXPECT_FALSE(parseLengthUnit("parsec"));
}

}  // namespace
}  // namespace mf::io
