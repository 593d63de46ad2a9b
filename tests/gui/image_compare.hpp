#pragma once
// Compares a rendered image with a baseline PNG in tests/baselines/.
//
// Software rendering (Mesa llvmpipe) is deterministic on one machine but can differ by a few
// levels between CPU generations, so the comparison is tolerant:
//   - same size;
//   - mean over all pixels of the largest channel difference ≤ meanTolerance (0–255 scale);
//   - share of pixels whose largest channel difference exceeds pixelThreshold ≤ maxOutlierShare.
// With MF_UPDATE_BASELINES=1 in the environment the baseline is (re)written instead.
// On failure the actual image and a difference image are written to MF_TEST_ARTIFACTS_DIR.

#include <QImage>
#include <QString>

namespace mf::test {

struct ImageTolerance {
  double meanTolerance = 2.0;
  int pixelThreshold = 40;
  double maxOutlierShare = 0.01;
};

struct ImageComparison {
  bool ok = false;
  double meanDifference = 0.0;
  double outlierShare = 0.0;
  QString message;  // why it failed, or a summary
};

ImageComparison compareWithBaseline(const QImage& actual, const QString& baselineName,
                                    const ImageTolerance& tolerance = {});

// Share of pixels that differ from their row's left-most pixel (a view's background gradient):
// how much of a rendered view shows anything.
double shareDrawn(const QImage& image);

// The same measures between two images (no files involved).
ImageComparison compareImages(const QImage& actual, const QImage& expected,
                              const ImageTolerance& tolerance = {});

}  // namespace mf::test
