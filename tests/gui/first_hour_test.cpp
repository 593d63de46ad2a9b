// The first hour of a new user (the workspace items that do not need the bundled model; those
// are in generate_test): Compare frames every cell and R resets every pane, a change of form
// says what it averaged, the ETA follows the measured rate, the property space and legends stay
// readable, the octant faces the camera, file names stay ASCII, a .raw of another layout can be
// opened, the scale bar measures true, a base material shows GPa, Generate is in the menu.

#include "core/dataset/tpms.hpp"
#include "core/design/example_session.hpp"
#include "core/io/raw_cell.hpp"
#include "gui/candidate_table_model.hpp"
#include "gui/compare_view.hpp"
#include "gui/elastic_surface_view.hpp"
#include "gui/export_dialog.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/microstructure_view.hpp"
#include "gui/polar_cuts_widget.hpp"
#include "gui/property_space_view.hpp"
#include "gui/raw_layout_dialog.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "render/microstructure_scene.hpp"
#include "render/scale_bar.hpp"
#include "render/vtk_viewport.hpp"
#include "render/widget_grab.hpp"
#include "core/tensor/format.hpp"
#include "tests/gui/gui_test_main.hpp"
#include "tests/gui/image_compare.hpp"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <vtkCamera.h>
#include <vtkRenderer.h>

#include <cmath>
#include <thread>

#include <time.h>

namespace {

constexpr QSize kViewportSize(480, 400);

// Share of pixels whose colour is close to `rgb` (0–255), within `tolerance` per channel.
double shareOfColour(const QImage& image, QColor rgb, int tolerance) {
  const QImage img = image.convertToFormat(QImage::Format_RGB32);
  long long n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) {
      const QColor c = img.pixelColor(x, y);
      if (std::abs(c.red() - rgb.red()) <= tolerance && std::abs(c.green() - rgb.green()) <= tolerance &&
          std::abs(c.blue() - rgb.blue()) <= tolerance)
        ++n;
    }
  return static_cast<double>(n) / (static_cast<double>(img.width()) * img.height());
}


}  // namespace

class FirstHourTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<mf::gui::MainWindow> window_;
  std::unique_ptr<QTemporaryDir> dir_;

  mf::gui::SessionModel* session() { return window_->session(); }
  mf::gui::TargetPanel* panel() { return window_->targetPanel(); }
  QString path(const QString& name) { return dir_->filePath(name); }
  bool waitForJobs(int ms = 60000) { return window_->jobs()->waitForIdle(ms); }
  void verifiedExample(int n) {
    session()->reset(mf::design::exampleSession(n));
    window_->homogenize(session()->candidateIds());
    QVERIFY(waitForJobs());
  }
  // A 16³ gyroid opened, verified and shown in the microstructure view (fixed size).
  mf::gui::MicrostructureView* showGyroid() {
    const QString file = path("g16.raw");
    mf::io::writeRawCell(file.toStdString(), mf::tpmsCell(mf::Tpms::Gyroid, 16, 0.3, true));
    window_->openCell(file);
    if (!waitForJobs()) return nullptr;
    window_->showTab(mf::gui::MainWindow::Tab::Microstructure);
    mf::gui::MicrostructureView* view = window_->microstructureView();
    view->viewport()->setFixedSize(kViewportSize);
    QElapsedTimer clock;
    clock.start();
    while (!view->scene()->hasSurface() && clock.elapsed() < 10000) QTest::qWait(20);
    return view->scene()->hasSurface() ? view : nullptr;
  }
  void type(const char* name, const QString& text) {
    auto* f = panel()->findChild<QLineEdit*>(name);
    QVERIFY(f);
    f->selectAll();
    QTest::keyClicks(f, text);
  }

 private Q_SLOTS:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->setConfirmClose(false);
    window_->resize(1400, 880);
    window_->show();
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  }
  void cleanup() {
    window_.reset();
    dir_.reset();
  }

  // --- broken -------------------------------------------------------------------------------

  void compareMicrostructuresFrameEveryCellAndRResetsEveryPane() {
    verifiedExample(16);
    session()->setSelectedIds(session()->candidateIds().mid(0, 4));
    QVERIFY(window_->compareSelected());
    mf::gui::CompareView* compare = window_->compareView();
    compare->setFixedSize(700, 560);
    compare->setMode(mf::gui::CompareView::Mode::Microstructure);
    // Every pane shows its meshed cell…
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          for (int i = 0; i < compare->paneCount(); ++i) {
            double b[6];
            compare->pane(i)->renderer()->ComputeVisiblePropBounds(b);
            if (!(b[1] - b[0] > 0.9)) return false;  // a unit cell, once meshed
          }
          return true;
        }(),
        30000);
    QTest::qWait(100);
    // …from outside it: the camera is further from the cell's centre than its corners are.
    for (int i = 0; i < compare->paneCount(); ++i) {
      double p[3];
      compare->pane(i)->renderer()->GetActiveCamera()->GetPosition(p);
      QVERIFY2(std::hypot(p[0] - 0.5, p[1] - 0.5, p[2] - 0.5) > 0.9,
               qPrintable(QString("pane %1: camera at distance %2 from the cell's centre").arg(i).arg(std::hypot(p[0] - 0.5, p[1] - 0.5, p[2] - 0.5))));
      QVERIFY2(mf::test::shareDrawn(compare->pane(i)->grabFramebuffer()) > 0.08, qPrintable(QString("pane %1 looks blank").arg(i)));
    }
    const auto r = mf::test::compareWithBaseline(mf::render::grabWithViewports(compare), "compare_microstructures.png");
    QVERIFY2(r.ok, qPrintable(r.message));
    // Orbit pane 1, then R: the linked camera is back home and every pane repaints.
    QWidget* vp = compare->pane(1);
    const QPoint c(vp->width() / 2, vp->height() / 2);
    QTest::mousePress(vp, Qt::LeftButton, Qt::NoModifier, c);
    for (int i = 1; i <= 5; ++i) QTest::mouseMove(vp, c + QPoint(12 * i, 4 * i));
    QTest::mouseRelease(vp, Qt::LeftButton, Qt::NoModifier, c + QPoint(60, 20));
    std::vector<long long> frames;
    for (int i = 0; i < compare->paneCount(); ++i) frames.push_back(compare->pane(i)->framesRendered());
    window_->findChild<QAction*>("resetCameraAction")->trigger();
    double dir[3];
    vtkCamera* camera = compare->pane(0)->renderer()->GetActiveCamera();
    camera->GetDirectionOfProjection(dir);
    QVERIFY(std::abs(dir[0] + 1.0 / std::sqrt(1 + 0.78 * 0.78 + 0.62 * 0.62)) < 1e-6);
    for (int i = 0; i < compare->paneCount(); ++i)
      QTRY_VERIFY2(compare->pane(i)->framesRendered() > frames[static_cast<std::size_t>(i)], qPrintable(QString("pane %1 did not repaint").arg(i)));
  }

  // --- misleading -------------------------------------------------------------------------------

  void aChangeOfFormSaysWhatItAveraged() {
    mf::design::DesignTarget t;
    t.form = mf::design::TargetForm::Orthotropic;
    t.values = {0.6, 0.1, 0.1, 0.6, 0.1, 0.3, 0.1, 0.1, 0.1};
    t.volumeFraction = 0.6;
    session()->setTarget(t);
    auto* note = panel()->findChild<QLabel*>("conversionNote");
    QVERIFY(note && !note->isVisible());
    panel()->setForm(mf::design::TargetForm::Cubic);
    QCOMPARE(session()->target().values[0], 0.5);
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains("C11 0.5 is the mean of C11 0.6, C22 0.6, C33 0.3"), qPrintable(note->text()));
    QVERIFY(note->text().contains("Ctrl+Z"));
    // An exact conversion says nothing; typing clears the note.
    type("c44Field", "0.12");
    QVERIFY(!note->isVisible());
    panel()->setForm(mf::design::TargetForm::Orthotropic);
    QVERIFY(!note->isVisible());
  }

  void theEtaFollowsTheMeasuredRate() {
    // Half the work at once (a fast first stage), then 25 % a second: 2 s in all. At 75 % the
    // job has 1 s left; the average since the start would say a third of that.
    mf::gui::Job* job = window_->jobs()->submit<int>(
        "two-stage", mf::gui::JobLane::Background,
        [](mf::Progress& progress) {
          progress.report(0.5, "fast stage");
          const auto start = std::chrono::steady_clock::now();
          while (true) {
            const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (t >= 2.0) break;
            progress.report(0.5 + 0.25 * t, "slow stage");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
          }
          return 0;
        },
        [](int&) { return QString(); });
    QTRY_VERIFY_WITH_TIMEOUT(job->fraction() >= 0.75, 10000);
    const auto eta = job->etaSeconds();
    QVERIFY(eta);
    QVERIFY2(*eta > 0.6 && *eta < 1.6, qPrintable(QString("ETA %1 s at %2 % done").arg(*eta).arg(100 * job->fraction())));
    QVERIFY(waitForJobs());
  }

  void waitingForJobsLeavesTheCoresToThem() {
    // The 16 FE solves after a Generate took 37 s under test instead of 4 s: waitForIdle spun
    // on processEvents and took a core from the solver. Waiting must cost the GUI thread nothing.
    window_->jobs()->submit<int>(
        "sleeper", mf::gui::JobLane::Background,
        [](mf::Progress&) {
          std::this_thread::sleep_for(std::chrono::milliseconds(800));
          return 0;
        },
        [](int&) { return QString(); });
    timespec before{}, after{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before);
    QVERIFY(waitForJobs());
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after);
    const double cpu = static_cast<double>(after.tv_sec - before.tv_sec) + 1e-9 * static_cast<double>(after.tv_nsec - before.tv_nsec);
    QVERIFY2(cpu < 0.2, qPrintable(QString("the GUI thread used %1 s of CPU waiting 0.8 s").arg(cpu)));
  }

  // --- untidy -----------------------------------------------------------------------------------

  void thePropertySpaceStaysReadable() {
    verifiedExample(16);
    window_->showTab(mf::gui::MainWindow::Tab::PropertySpace);
    mf::gui::PropertySpaceView* view = window_->propertySpaceView();
    QVERIFY(!view->viewport()->axesTriadVisible());  // its axes are C11, C12, C44, not x1, x2, x3
    view->viewport()->setFixedSize(640, 480);
    // The best candidate on the target itself: the marker must leave it visible.
    const auto parts = mf::design::cubicParts(session()->candidate(0).homogenized->stiffness);
    session()->setTarget(mf::design::DesignTarget::cubic(parts[0], parts[1], parts[2], 0.3));
    session()->setCurrentId(QString::fromStdString(session()->candidate(0).id));
    session()->setSelectedIds({session()->currentId()});
    QTest::qWait(100);
    view->viewport()->resetCamera();
    QTest::qWait(50);
    const QImage image = view->viewport()->grabFramebuffer();
    const auto r = mf::test::compareWithBaseline(image, "property_space_labels.png");
    QVERIFY2(r.ok, qPrintable(r.message));
  }

  void legendsFitTheirPanes() {
    // Four panes: each legend keeps its labels inside the pane.
    verifiedExample(16);
    session()->setSelectedIds(session()->candidateIds());
    QVERIFY(window_->compareSelected());
    window_->compareView()->setFixedSize(700, 560);
    QTest::qWait(200);
    const auto r = mf::test::compareWithBaseline(mf::render::grabWithViewports(window_->compareView()), "compare_legends.png");
    QVERIFY2(r.ok, qPrintable(r.message));
    // The polar cuts' legend: a long name is elided, never cut off at the edge.
    mf::gui::PolarCutsWidget cuts;
    cuts.resize(170, 600);
    cuts.setTarget(mf::Stiffness::cubic(0.15, 0.05, 0.04));
    cuts.setCandidate(mf::Stiffness::cubic(0.16, 0.05, 0.04), "gyroid sheet with a long name");
    const QStringList lines = cuts.legendLines();
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[1].endsWith(QString::fromUtf8("…")), qPrintable(lines[1]));
    QFont drawn = cuts.font();  // the legend's font, a little smaller than the widget's
    drawn.setPointSizeF(drawn.pointSizeF() * 0.85);
    QVERIFY(QFontMetrics(drawn).horizontalAdvance(lines[1]) <= cuts.width() - 34);
  }

  void theJobsDockShowsAHistory() {
    auto* dock = window_->findChild<QDockWidget*>("jobsDock");
    QVERIFY(dock);
    QVERIFY2(dock->height() >= 7 * QFontMetrics(dock->font()).height(), qPrintable(QString("%1 px").arg(dock->height())));
  }

  void theCubicOctantFacesTheCamera() {
    mf::gui::MicrostructureView* view = showGyroid();
    QVERIFY(view);
    QCOMPARE(view->tiles(), 1);
    view->setOctantHighlight(true);
    QTest::qWait(50);
    // The octant's orange (0.95, 0.55, 0.18), lit: a good part of the picture.
    const double orange = shareOfColour(view->viewport()->grabFramebuffer(), QColor(220, 125, 40), 60);
    QVERIFY2(orange > 0.02, qPrintable(QString("%1 % of the view is the octant's colour").arg(100 * orange)));
  }

  void fileNamesStayAscii() {
    QCOMPARE(mf::gui::ExportDialog::fileStemFor(QString::fromUtf8("diffusion s1·4")), QString("diffusion_s1_4"));
    QCOMPARE(mf::gui::ExportDialog::fileStemFor(QString::fromUtf8("Schwarz P · net (ν<0)")), QString("Schwarz_P_net_0"));
    // What the user sees in the dialog for a generated candidate's name.
    verifiedExample(16);
    mf::design::Candidate odd = session()->candidate(0);
    odd.name = "diffusion s1\u00b74";
    session()->setCurrentId(session()->addCandidates({odd}).front());
    QString shown;
    QTimer::singleShot(300, this, [&shown] {
      auto* dialog = qobject_cast<mf::gui::ExportDialog*>(QApplication::activeModalWidget());
      if (!dialog) return;
      shown = dialog->path();
      dialog->reject();
    });
    window_->findChild<QAction*>("exportAction")->trigger();
    QVERIFY2(QFileInfo(shown).completeBaseName() == "diffusion_s1_4", qPrintable(shown));
  }

  void aRawFileOfAnotherLayoutCanBeOpened() {
    // 16³ little-endian uint16 voxels: 8192 bytes, not a cube of bytes.
    const mf::BinaryCell cell = mf::tpmsCell(mf::Tpms::Gyroid, 16, 0.3, true);
    std::vector<std::uint16_t> words(cell.data().begin(), cell.data().end());
    const QString file = path("words.raw");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(reinterpret_cast<const char*>(words.data()), static_cast<qint64>(2 * words.size()));
    f.close();
    QVERIFY(!window_->openCell(file));
    QVERIFY2(window_->banner()->text().contains("how is it laid out"), qPrintable(window_->banner()->text()));
    QVERIFY2(!window_->banner()->text().contains("explicitly"), qPrintable(window_->banner()->text()));
    // The dialog starts from the layout that fits: 16³ of uint16.
    bool offered = false;
    QTimer::singleShot(300, this, [&offered] {
      auto* dialog = qobject_cast<mf::gui::RawLayoutDialog*>(QApplication::activeModalWidget());
      if (!dialog) return;
      offered = dialog->matchesFile() && dialog->layout().voxel == mf::io::RawVoxel::UInt16 && dialog->layout().dims[0] == 16;
      dialog->accept();
    });
    QVERIFY(window_->banner()->choose(tr("Give the layout…")));
    QVERIFY(offered);
    QVERIFY(waitForJobs());
    QCOMPARE(session()->candidateCount(), 1);
    QVERIFY(session()->candidate(0).cell == cell);
    QVERIFY(session()->candidate(0).homogenized);
  }

  // --- missing from UX.md -------------------------------------------------------------------------

  void theScaleBarMeasuresTrue() {
    mf::gui::MicrostructureView* view = showGyroid();
    QVERIFY(view);
    view->viewport()->resetCamera();
    view->viewport()->grabFramebuffer();
    const mf::render::ScaleBar* bar = view->scaleBar();
    // A round length of the printed unit (10 mm cells unless an export said otherwise).
    const QString label = QString::fromStdString(bar->label());
    QVERIFY2(label.section(' ', 1, 1) == "mm" && label.contains(QString::fromUtf8(" · ")) && label.endsWith("cell"), qPrintable(label));
    const double mm = label.section(' ', 0, 0).toDouble();
    QCOMPARE(mf::roundNumberAtMost(mm), mm);  // 1, 2 or 5 × 10^k
    // Its length on screen is what that many millimetres span at the focal point.
    vtkRenderer* renderer = view->viewport()->renderer();
    vtkCamera* camera = renderer->GetActiveCamera();
    double focal[3], up[3], dop[3];
    camera->GetFocalPoint(focal);
    camera->GetViewUp(up);
    camera->GetDirectionOfProjection(dop);
    const double right[3] = {dop[1] * up[2] - dop[2] * up[1], dop[2] * up[0] - dop[0] * up[2], dop[0] * up[1] - dop[1] * up[0]};
    const double norm = std::hypot(right[0], right[1], right[2]);
    auto toDisplay = [&](double s) {
      renderer->SetWorldPoint(focal[0] + s * right[0] / norm, focal[1] + s * right[1] / norm, focal[2] + s * right[2] / norm, 1.0);
      renderer->WorldToDisplay();
      double d[3];
      renderer->GetDisplayPoint(d);
      return QPointF(d[0], d[1]);
    };
    const QPointF a = toDisplay(0.0), b = toDisplay(mm / 10.0);  // 10 mm per cell
    const double pixels = std::hypot(b.x() - a.x(), b.y() - a.y());
    QVERIFY2(std::abs(pixels - bar->lengthPixels()) < 0.02 * pixels,
             qPrintable(QString("bar %1 px, %2 mm span %3 px").arg(bar->lengthPixels()).arg(mm).arg(pixels)));
    QVERIFY(bar->lengthPixels() > 50 && bar->lengthPixels() <= 140.5);
  }

  void aBaseMaterialShowsGigapascals() {
    verifiedExample(16);
    QMenu* menu = window_->findChild<QMenu*>("materialMenu");
    QVERIFY(menu);
    QAction* titanium = nullptr;
    for (QAction* a : menu->actions())
      if (a->text().startsWith("Ti-6Al-4V")) titanium = a;
    QVERIFY(titanium);
    titanium->trigger();
    QCOMPARE(session()->homogenizeSettings().base.poisson, 0.34);  // the FE takes its ν_s
    QCOMPARE(session()->homogenizeSettings().base.youngs, 1.0);    // and stays normalized
    const double c11 = session()->target().values[0];
    QCOMPARE(panel()->field("C11")->text().toDouble(), std::round(c11 * 114.0 * 1e4) / 1e4);
    QVERIFY(window_->findChild<QLabel*>("baseMaterialLabel")->text().contains("Ti-6Al-4V: E_s = 114 GPa"));
    const QAbstractItemModel* table = window_->candidateTable();
    QVERIFY(table->headerData(mf::gui::CandidateTableModel::Achieved, Qt::Horizontal, Qt::DisplayRole).toString().contains("GPa"));
    const double got = mf::design::cubicParts(session()->candidate(0).homogenized->stiffness)[0];
    QCOMPARE(table->index(0, mf::gui::CandidateTableModel::Achieved).data().toString().section(QString::fromUtf8(" · "), 0, 0).toDouble(),
             std::round(got * 114.0 * 1e3) / 1e3);
    // Typed in GPa, held normalized.
    type("c11Field", "22.8");
    QVERIFY(std::abs(session()->target().values[0] - 0.2) < 1e-12);
    // Back to normalized values.
    for (QAction* a : menu->actions())
      if (a->text().startsWith("Normalized")) a->trigger();
    QVERIFY(std::abs(panel()->field("C11")->text().toDouble() - 0.2) < 1e-12);
    QVERIFY(!session()->unit());
  }

  void generateIsInTheDesignMenu() {
    QAction* generate = window_->findChild<QAction*>("generateAction");
    QVERIFY(generate);
    QCOMPARE(generate->shortcut(), QKeySequence("Ctrl+G"));
    bool inMenu = false;
    for (QAction* top : window_->menuBar()->actions())
      if (top->menu() && top->text().remove('&') == "Design")
        for (QAction* a : top->menu()->actions()) inMenu = inMenu || a == generate;
    QVERIFY(inMenu);
  }
};

MF_GUI_TEST_MAIN(FirstHourTest)
#include "first_hour_test.moc"
