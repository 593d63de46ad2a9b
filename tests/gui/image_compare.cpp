#include "tests/gui/image_compare.hpp"

#include <QDir>
#include <QColor>
#include <QFileInfo>
#include <QtGlobal>

#include <algorithm>
#include <cstdlib>

namespace mf::test {

ImageComparison compareImages(const QImage& actualIn, const QImage& expectedIn,
                              const ImageTolerance& tol) {
  ImageComparison r;
  const QImage actual = actualIn.convertToFormat(QImage::Format_RGB32);
  const QImage expected = expectedIn.convertToFormat(QImage::Format_RGB32);
  if (actual.size() != expected.size()) {
    r.message = QString("size %1x%2 differs from the baseline's %3x%4")
                    .arg(actual.width()).arg(actual.height())
                    .arg(expected.width()).arg(expected.height());
    return r;
  }
  double sum = 0.0;
  long long outliers = 0;
  for (int y = 0; y < actual.height(); ++y) {
    const auto* a = reinterpret_cast<const QRgb*>(actual.constScanLine(y));
    const auto* e = reinterpret_cast<const QRgb*>(expected.constScanLine(y));
    for (int x = 0; x < actual.width(); ++x) {
      const int d = std::max({std::abs(qRed(a[x]) - qRed(e[x])), std::abs(qGreen(a[x]) - qGreen(e[x])),
                              std::abs(qBlue(a[x]) - qBlue(e[x]))});
      sum += d;
      if (d > tol.pixelThreshold) ++outliers;
    }
  }
  const double n = static_cast<double>(actual.width()) * actual.height();
  r.meanDifference = sum / n;
  r.outlierShare = outliers / n;
  r.ok = r.meanDifference <= tol.meanTolerance && r.outlierShare <= tol.maxOutlierShare;
  r.message = QString("mean difference %1 (limit %2), %3 % of pixels differ by more than %4 (limit %5 %)")
                  .arg(r.meanDifference, 0, 'f', 3).arg(tol.meanTolerance)
                  .arg(100.0 * r.outlierShare, 0, 'f', 3).arg(tol.pixelThreshold)
                  .arg(100.0 * tol.maxOutlierShare);
  return r;
}

ImageComparison compareWithBaseline(const QImage& actual, const QString& name,
                                    const ImageTolerance& tol) {
  const QString path = QDir(QStringLiteral(MF_BASELINE_DIR)).filePath(name);
  if (qEnvironmentVariableIntValue("MF_UPDATE_BASELINES") == 1) {
    ImageComparison r;
    r.ok = actual.save(path);
    r.message = r.ok ? "baseline written: " + path : "cannot write baseline " + path;
    return r;
  }
  const QImage expected(path);
  if (expected.isNull()) {
    ImageComparison r;
    r.message = "missing baseline " + path + " (run the test with MF_UPDATE_BASELINES=1 to create it)";
    return r;
  }
  ImageComparison r = compareImages(actual, expected, tol);
  if (!r.ok) {
    const QString dir = QStringLiteral(MF_TEST_ARTIFACTS_DIR);
    QDir().mkpath(dir);
    const QString base = QFileInfo(name).completeBaseName();
    actual.save(QDir(dir).filePath(base + ".actual.png"));
    if (actual.size() == expected.size()) {
      QImage diff(actual.size(), QImage::Format_RGB32);
      const QImage a = actual.convertToFormat(QImage::Format_RGB32);
      const QImage e = expected.convertToFormat(QImage::Format_RGB32);
      for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
          const QRgb p = a.pixel(x, y), q = e.pixel(x, y);
          diff.setPixel(x, y, qRgb(std::min(255, 4 * std::abs(qRed(p) - qRed(q))), std::min(255, 4 * std::abs(qGreen(p) - qGreen(q))),
                                   std::min(255, 4 * std::abs(qBlue(p) - qBlue(q)))));
        }
      diff.save(QDir(dir).filePath(base + ".diff.png"));
    }
    r.message += " — actual and diff images in " + dir;
  }
  return r;
}

double shareDrawn(const QImage& image) {
  const QImage img = image.convertToFormat(QImage::Format_RGB32);
  long long n = 0;
  for (int y = 0; y < img.height(); ++y) {
    const QColor left = img.pixelColor(0, y);
    for (int x = 0; x < img.width(); ++x) {
      const QColor c = img.pixelColor(x, y);
      if (std::abs(c.red() - left.red()) + std::abs(c.green() - left.green()) + std::abs(c.blue() - left.blue()) > 40) ++n;
    }
  }
  return static_cast<double>(n) / (static_cast<double>(img.width()) * img.height());
}

}  // namespace mf::test
