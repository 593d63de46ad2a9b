#pragma once
// The README's pictures, taken by the GUI tests that check what they show: to MF_SCREENSHOT_DIR
// when it is set (docs/make-screenshots.sh sets docs/images), else to the test's artifacts.
// Needs MF_TEST_ARTIFACTS_DIR from the test's target.

#include "render/widget_grab.hpp"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QtTest>

namespace mf::test {

// Grabs `what` (VTK viewports included) after letting it settle for settleMs; false when the
// picture is empty or cannot be written.
inline bool saveScreenshot(QWidget* what, const QString& name, int settleMs) {
  QApplication::processEvents();
  QTest::qWait(settleMs);
  const QString dir = qEnvironmentVariable("MF_SCREENSHOT_DIR", QStringLiteral(MF_TEST_ARTIFACTS_DIR) + "/walkthrough");
  QDir().mkpath(dir);
  const QImage image = mf::render::grabWithViewports(what);
  return !image.isNull() && image.save(QDir(dir).filePath(name));
}

}  // namespace mf::test
