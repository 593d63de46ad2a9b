// Drives the real MetaForge window under Xvfb: the Target dock (typing a tensor, every form,
// rejection in place, presets, undo), the target's elastic surface against baseline images, and
// mouse interaction in the viewport.

#include "gui/elastic_surface_view.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/property_space_view.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "render/elastic_surface_scene.hpp"
#include "render/vtk_viewport.hpp"
#include "tests/gui/gui_test_main.hpp"
#include "tests/gui/image_compare.hpp"

#include "core/tensor/summary.hpp"

#include <QComboBox>
#include <QDockWidget>
#include <QSettings>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QtTest>

#include <vtkCamera.h>
#include <vtkRenderer.h>

namespace {

// The viewport size of every baseline image.
constexpr QSize kViewportSize(480, 400);

}  // namespace

class MainWindowTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<mf::gui::MainWindow> window_;

  mf::gui::TargetPanel* panel() { return window_->targetPanel(); }
  QLineEdit* field(const char* name) {
    auto* f = window_->findChild<QLineEdit*>(name);
    Q_ASSERT(f);
    return f;
  }
  // Replace a field's text the way a user does: select all, type.
  void type(const char* fieldName, const QString& text) {
    QLineEdit* f = field(fieldName);
    f->setFocus();
    f->selectAll();
    QTest::keyClick(f, Qt::Key_Backspace);
    QTest::keyClicks(f, text);
  }
  mf::render::VtkViewport* viewport() { return window_->elasticSurfaceView()->viewport(); }
  QImage grabViewport() { return viewport()->grabFramebuffer(); }
  QString statusText() { return window_->findChild<QLabel*>("statusLabel")->text(); }

 private Q_SLOTS:
  void init() {
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->setConfirmClose(false);
    window_->showTab(mf::gui::MainWindow::Tab::ElasticSurface);
    viewport()->setFixedSize(kViewportSize);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  }
  void cleanup() { window_.reset(); }

  void defaultWindowShowsAnAdmissibleCubicTarget() {
    QVERIFY(window_->windowTitle().contains("MetaForge"));
    QVERIFY(panel()->isValid());
    QCOMPARE(field("c11Field")->text(), QString("0.15"));  // in reach of the bundled model (generate_test)
    QVERIFY(statusText().contains("admissible"));
    QVERIFY(window_->elasticSurfaceView()->scene()->hasTarget());
    QVERIFY(!window_->elasticSurfaceView()->scene()->hasCandidate());
  }

  void typedTargetRendersTheBaselineWireframe() {
    type("c11Field", "0.30");
    type("c12Field", "0.12");
    type("c44Field", "0.15");
    QVERIFY(panel()->isValid());
    // Zener ratio 2·0.15/(0.30 − 0.12) = 5/3: E is largest along ⟨111⟩ and smallest along ⟨100⟩.
    QCOMPARE(window_->session()->targetStiffness()->operator()(4, 4), 0.15);
    QTest::keyClick(viewport(), Qt::Key_R);  // the user resets the camera
    const auto result = mf::test::compareWithBaseline(grabViewport(), "target_wireframe_cubic_a1.67.png");
    QVERIFY2(result.ok, qPrintable(result.message));
  }

  void gaugesShowTheRatiosToTheHashinShtrikmanBounds() {
    // The README example: K = (C11 + 2 C12)/3 = 0.18 and K_HS(0.4) = 40/237, so K/K_HS = 1.0665:
    // above the bound, which the gauge says in red.
    type("c11Field", "0.30");
    type("c12Field", "0.12");
    type("c44Field", "0.08");
    type("vfField", "0.4");
    auto* bulk = window_->findChild<QProgressBar*>("bulkGauge");
    QCOMPARE(bulk->format(), QString("K/K_HS 1.067"));
    QVERIFY(bulk->toolTip().contains("exceeds"));
    QCOMPARE(window_->session()->target().volumeFraction, 0.4);
  }

  void inadmissibleTargetKeepsTheLastSurface() {
    QTest::keyClick(viewport(), Qt::Key_R);
    const QImage before = grabViewport();
    QSignalSpy validity(panel(), &mf::gui::TargetPanel::validityChanged);

    // Every prefix of "-0.05" ("-", "-0", "-0.", "-0.0") is invalid too, so no intermediate
    // tensor reaches the view while typing.
    type("c44Field", "-0.05");
    QVERIFY(!panel()->isValid());
    const QString reason = QString::fromUtf8("not positive definite: C44 must be > 0, it is -0.05");
    QCOMPARE(panel()->errorText(), reason);
    QVERIFY(statusText().contains(reason));
    QVERIFY(!validity.isEmpty());
    QCOMPARE(validity.last().at(0).toBool(), false);
    // The session holds what was typed (nothing is lost), but has no usable target tensor.
    QCOMPARE(window_->session()->target().values[2], -0.05);
    QVERIFY(!window_->session()->targetStiffness());

    // The last valid surface is still shown, pixel for pixel.
    const auto same = mf::test::compareImages(grabViewport(), before, {0.0, 0, 0.0});
    QVERIFY2(same.ok, qPrintable(same.message));
  }

  void violatedConditionMarksExactlyItsFields() {
    type("c12Field", "0.25");  // C11 − C12 = −0.1
    QVERIFY(!panel()->isValid());
    QCOMPARE(panel()->errorText(), QString::fromUtf8("not positive definite: C11 − C12 must be > 0, it is -0.1"));
    QCOMPARE(field("c11Field")->toolTip(), QString::fromUtf8("C11 − C12 must be > 0"));
    QCOMPARE(field("c12Field")->toolTip(), QString::fromUtf8("C11 − C12 must be > 0"));
    QVERIFY(!field("c11Field")->styleSheet().isEmpty());
    QVERIFY(field("c44Field")->toolTip().isEmpty());
    QVERIFY(field("c44Field")->styleSheet().isEmpty());
    type("c12Field", "0.05");
    QVERIFY(panel()->isValid());
    QVERIFY(field("c11Field")->styleSheet().isEmpty());
  }

  void nonNumericAndNonFiniteInputAreRejectedInPlace() {
    type("c44Field", "abc");
    QCOMPARE(panel()->errorText(), QString("C44: 'abc' is not a number"));
    QCOMPARE(field("c44Field")->toolTip(), QString("C44: 'abc' is not a number"));
    type("c44Field", "");
    QCOMPARE(panel()->errorText(), QString("C44 is empty"));
    type("c44Field", "inf");
    QCOMPARE(panel()->errorText(), QString("C44 must be a finite number"));
    type("c44Field", "0.08");
    type("vfField", "1.5");
    QCOMPARE(panel()->errorText(), QString("vf must lie in (0, 1], it is 1.5"));
    QVERIFY(!grabViewport().isNull());
  }

  void everyFormEditsTheSameTensor() {
    auto* combo = window_->findChild<QComboBox*>("formCombo");
    const mf::Stiffness cubic = *window_->session()->targetStiffness();
    for (const int index : {1, 2, 3, 0}) {
      combo->setCurrentIndex(index);
      Q_EMIT combo->activated(index);
      QVERIFY(panel()->isValid());
      QVERIFY(window_->session()->targetStiffness()->isApprox(cubic, 1e-12));
    }
    // Engineering: E, ν, G with G = E/2(1+ν) is isotropic; ν out of range is marked on ν.
    combo->setCurrentIndex(3);
    Q_EMIT combo->activated(3);
    type("eField", "0.2");
    type("nuField", "0.25");
    type("gField", "0.08");
    const auto& v = window_->session()->target().values;
    QVERIFY2(window_->session()->targetStiffness()->isApprox(mf::Stiffness::isotropicEnu(0.2, 0.25), 1e-12),
             qPrintable(QString("E %1 nu %2 G %3").arg(v[0]).arg(v[1]).arg(v[2])));
    type("nuField", "0.7");
    QVERIFY(!panel()->isValid());
    QVERIFY(field("nuField")->toolTip().contains(QString::fromUtf8("ν must lie in")));
    // Full: 21 fields, C22 among them.
    combo->setCurrentIndex(2);
    Q_EMIT combo->activated(2);
    QVERIFY(window_->findChild<QLineEdit*>("c22Field"));
    QCOMPARE(window_->session()->target().values.size(), std::size_t(21));
  }

  void presetsAndUndo() {
    const auto before = window_->session()->target();
    panel()->applyPreset(0);  // isotropic at 90 % of the HS bounds
    const mf::TensorSummary s = mf::summarize(*window_->session()->targetStiffness(), {}, window_->session()->target().volumeFraction);
    QCOMPARE(s.symmetry.cls, mf::SymmetryClass::Isotropic);
    QVERIFY(std::abs(s.bounds->bulkRatio - 0.9) < 1e-9);
    QCOMPARE(window_->findChild<QProgressBar*>("shearGauge")->format(), QString("G/G_HS 0.900"));
    window_->session()->undoStack()->undo();
    QVERIFY(window_->session()->target() == before);
    QCOMPARE(field("c11Field")->text(), QString("0.15"));
    window_->session()->undoStack()->redo();
    QVERIFY(!(window_->session()->target() == before));
  }

  void dockLayoutIsRemembered() {
    auto* jobs = window_->findChild<QDockWidget*>("jobsDock");
    QVERIFY(jobs);
    QCOMPARE(window_->dockWidgetArea(jobs), Qt::BottomDockWidgetArea);
    window_->addDockWidget(Qt::LeftDockWidgetArea, jobs);
    window_->close();  // saves the layout
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->setConfirmClose(false);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QCOMPARE(window_->dockWidgetArea(window_->findChild<QDockWidget*>("jobsDock")), Qt::LeftDockWidgetArea);
    // Back to the default for the other tests.
    QSettings().remove("window");
  }

  // A report or screenshot grabs each tab right after showing it, before the window system has
  // exposed its view for the first time (a round trip away): the grab must wait for that
  // rather than come back empty.
  void aViewGrabbedRightAfterItsFirstShowIsNotEmpty() {
    mf::render::VtkViewport* fresh = window_->propertySpaceView()->viewport();
    QVERIFY(fresh->context() == nullptr);  // never shown yet
    window_->showTab(mf::gui::MainWindow::Tab::PropertySpace);
    const QImage image = fresh->grabFramebuffer();
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100 && image.height() > 100);
  }

  void mouseDragRotatesAndWheelZooms() {
    vtkCamera* camera = viewport()->renderer()->GetActiveCamera();
    double before[3];
    camera->GetPosition(before);
    QWidget* vp = viewport();
    const QPoint centre(vp->width() / 2, vp->height() / 2);
    QTest::mousePress(vp, Qt::LeftButton, Qt::NoModifier, centre);
    for (int i = 1; i <= 10; ++i) QTest::mouseMove(vp, centre + QPoint(8 * i, 3 * i));
    QTest::mouseRelease(vp, Qt::LeftButton, Qt::NoModifier, centre + QPoint(80, 30));
    double after[3];
    camera->GetPosition(after);
    const double moved = std::hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2]);
    QVERIFY2(moved > 1e-3, "a left drag must orbit the camera");

    const double distance = camera->GetDistance();
    QWheelEvent wheel(QPointF(centre), vp->mapToGlobal(QPointF(centre)), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(vp, &wheel);
    QVERIFY2(camera->GetDistance() < distance, "wheel forward must zoom in");

    QTest::keyClick(vp, Qt::Key_R);
    QVERIFY(std::abs(camera->GetViewUp()[2] - 1.0) < 1e-9);
  }
};

MF_GUI_TEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
