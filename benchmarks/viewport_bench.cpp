// Frame rate of the microstructure viewport on this machine's OpenGL (Mesa llvmpipe under
// Xvfb in CI and on the development machines): a cell's surface, tiled 1³ to 4³, orbiting.
//
//   packaging/with-xvfb.sh build/release/benchmarks/mf_bench_viewport [--resolution 64] [--frames 60]
//
// Prints, per tiling, the triangles drawn, the first frame (shader compilation and upload) and
// the median frame time while orbiting 3° per frame, as frames per second: the full surface,
// and the decimated one the microstructure view draws for tiled blocks. The baseline in the
// same run is the empty viewport (background, axes triad): the cost of a frame that draws nothing.

#include "core/dataset/tpms.hpp"
#include "core/io/surface.hpp"
#include "render/mesh_decimation.hpp"
#include "render/mesh_polydata.hpp"
#include "render/microstructure_scene.hpp"
#include "render/surface_format.hpp"
#include "render/vtk_viewport.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QTest>

#include <vtkCamera.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

namespace {

struct Timing {
  double first = 0.0, median = 0.0, mean = 0.0;
};

// Renders `frames` frames orbiting the camera; every frame is forced through paintGL and
// waited for (grabFramebuffer), so the time is the whole frame, not just the submission.
Timing orbit(mf::render::VtkViewport& viewport, int frames) {
  Timing t;
  QElapsedTimer clock;
  clock.start();
  viewport.grabFramebuffer();
  t.first = clock.nsecsElapsed() / 1e6;
  std::vector<double> ms;
  for (int f = 0; f < frames; ++f) {
    viewport.renderer()->GetActiveCamera()->Azimuth(3.0);
    clock.restart();
    viewport.grabFramebuffer();
    ms.push_back(clock.nsecsElapsed() / 1e6);
  }
  std::sort(ms.begin(), ms.end());
  t.median = ms[ms.size() / 2];
  t.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  mf::render::configureOpenGLBeforeQApplication();
  QApplication app(argc, argv);
  QCommandLineParser parser;
  parser.addHelpOption();
  QCommandLineOption resolutionOption("resolution", "Voxels per axis of the gyroid cell.", "n", "64");
  QCommandLineOption framesOption("frames", "Frames per measurement.", "n", "60");
  QCommandLineOption sizeOption("size", "Viewport size in pixels, WxH.", "WxH", "800x600");
  parser.addOptions({resolutionOption, framesOption, sizeOption});
  parser.process(app);
  const int n = parser.value(resolutionOption).toInt();
  const int frames = parser.value(framesOption).toInt();
  const QStringList size = parser.value(sizeOption).split('x');

  mf::render::VtkViewport viewport;
  viewport.setFixedSize(size.value(0, "800").toInt(), size.value(1, "600").toInt());
  viewport.show();
  if (!QTest::qWaitForWindowExposed(&viewport) || !QTest::qWaitForWindowExposed(viewport.surfaceWindow())) {
    std::fprintf(stderr, "no display: run under packaging/with-xvfb.sh\n");
    return 1;
  }
  viewport.grabFramebuffer();  // the first frame creates the OpenGL context
  viewport.context()->makeCurrent(viewport.surfaceWindow());
  const char* renderer = reinterpret_cast<const char*>(viewport.context()->functions()->glGetString(GL_RENDERER));
  viewport.context()->doneCurrent();
  std::printf("Viewport %dx%d, OpenGL renderer: %s\n", viewport.width(), viewport.height(), renderer ? renderer : "?");

  viewport.resetCamera();
  const Timing empty = orbit(viewport, frames);
  std::printf("%-30s %12s %12s %12s %10s %8s\n", "scene", "triangles", "first ms", "median ms", "fps", "vs empty");
  std::printf("%-30s %12d %12.1f %12.2f %10.1f %8s\n", "empty viewport", 0, empty.first, empty.median, 1000.0 / empty.median, "1.0×");

  mf::NullProgress none;
  const auto mesh = mf::io::extractSurface(mf::tpmsCell(mf::Tpms::Gyroid, n, 0.3, true), {}, none);
  const auto full = mf::render::toPolyData(mesh);
  mf::render::MicrostructureScene scene(viewport.renderer());
  auto measure = [&](const char* what, int tiles, vtkSmartPointer<vtkPolyData> surface) {
    scene.setSurface(surface, 1.0);
    scene.setTiles(tiles);
    viewport.resetCamera();
    const Timing t = orbit(viewport, frames);
    char label[80];
    std::snprintf(label, sizeof label, "gyroid %d³, %d³ %s", n, tiles, what);
    std::printf("%-30s %12lld %12.1f %12.2f %10.1f %7.1f×\n", label, scene.triangleCount(), t.first, t.median,
                1000.0 / t.median, t.median / empty.median);
  };
  for (const int tiles : {1, 2, 3, 4}) measure("full", tiles, full);
  // What the microstructure view draws: tiled blocks within its triangle budget.
  for (const int tiles : {2, 3, 4})
    measure("display LOD", tiles, mf::render::decimate(full, mf::render::kDisplayTriangleBudget / (tiles * tiles * tiles)));
  return 0;
}
