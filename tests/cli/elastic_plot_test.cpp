// design's elastic_surface.png: two labelled polar plots (planes, axis directions, ring values in
// E/E_s) of a target and its candidates, against a baseline image. Offscreen: no display needed.

#include "app/cli/elastic_comparison_plot.hpp"
#include "tests/core/temp_dir.hpp"
#include "tests/gui/image_compare.hpp"

#include <QImage>

#include <gtest/gtest.h>

#include <fstream>

namespace mf::cli {
namespace {

TEST(ElasticComparisonPlot, NamesThePlanesTheirDirectionsAndTheRingValues) {
  test::TempDir dir;
  std::ofstream(dir.path / "design.json") << R"({
    "target": {"C11": 0.15, "C12": 0.05, "C44": 0.04, "vf": 0.4},
    "candidates": [
      {"file": "candidate-1.vdb", "error": 0.0203, "C11": 0.1582, "C12": 0.0430, "C44": 0.0399},
      {"file": "candidate-2.vdb", "error": 0.0571, "C11": 0.2000, "C12": 0.0516, "C44": 0.0468},
      {"file": "broken.vdb", "error": 1.0, "C11": 0.1, "C12": 0.2, "C44": 0.05}]})";
  const auto png = dir.path / "elastic_surface.png";
  writeElasticComparison((dir.path / "design.json").string(), png.string());
  const QImage image(QString::fromStdString(png.string()));
  ASSERT_FALSE(image.isNull());
  const auto r = test::compareWithBaseline(image, "design_elastic_surface.png");
  EXPECT_TRUE(r.ok) << r.message.toStdString();
}

}  // namespace
}  // namespace mf::cli
