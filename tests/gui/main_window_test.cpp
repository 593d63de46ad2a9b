// Drives the real MetaForge window under Xvfb: typing a tensor, the rendered elastic surface
// against a baseline image, rejection of bad input, and mouse interaction.

#include "gui/main_window.hpp"
#include "gui/tensor_form.hpp"
#include "render/vtk_viewport.hpp"
#include "tests/gui/gui_test_main.hpp"
#include "tests/gui/image_compare.hpp"

#include <QLabel>
#include <QLineEdit>
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
  QImage grabViewport() { return window_->viewport()->grabFramebuffer(); }
  QString statusText() { return window_->findChild<QLabel*>("statusLabel")->text(); }

 private Q_SLOTS:
  void init() {
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->viewport()->setFixedSize(kViewportSize);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  }
  void cleanup() { window_.reset(); }

  void defaultWindowShowsAnAdmissibleCubicTensor() {
    QCOMPARE(window_->windowTitle(), QString("MetaForge"));
    QVERIFY(window_->tensorForm()->isValid());
    QCOMPARE(field("c11Field")->text(), QString("0.3"));
    QVERIFY(statusText().contains("admissible"));
  }

  void typedTensorRendersTheBaselineElasticSurface() {
    type("c11Field", "0.30");
    type("c12Field", "0.12");
    type("c44Field", "0.15");
    QVERIFY(window_->tensorForm()->isValid());
    // Zener ratio 2·0.15/(0.30 − 0.12) = 5/3: E is largest along ⟨111⟩ and smallest along ⟨100⟩.
    const mf::Stiffness& c = window_->tensorForm()->lastValidTensor();
    QCOMPARE(c(4, 4), 0.15);
    QTest::keyClick(window_->viewport(), Qt::Key_R);  // the user resets the camera
    const auto result = mf::test::compareWithBaseline(grabViewport(), "elastic_surface_cubic_a1.67.png");
    QVERIFY2(result.ok, qPrintable(result.message));
  }

  void isotropicTensorRendersASphere() {
    // E = 1, ν = 0.3: C11 = λ + 2μ, C12 = λ, C44 = μ. E(d) is the same in every direction.
    type("c11Field", "1.346153846");
    type("c12Field", "0.576923077");
    type("c44Field", "0.384615385");
    QVERIFY(window_->tensorForm()->isValid());
    QTest::keyClick(window_->viewport(), Qt::Key_R);
    const auto result = mf::test::compareWithBaseline(grabViewport(), "elastic_surface_isotropic.png");
    QVERIFY2(result.ok, qPrintable(result.message));
  }

  void inadmissibleTensorKeepsTheLastSurface() {
    QTest::keyClick(window_->viewport(), Qt::Key_R);
    const QImage before = grabViewport();
    QSignalSpy validity(window_->tensorForm(), &mf::gui::TensorForm::validityChanged);

    // Every prefix of "-0.05" ("-", "-0", "-0.", "-0.0") is invalid too, so no intermediate
    // tensor reaches the view while typing.
    type("c44Field", "-0.05");
    QVERIFY(!window_->tensorForm()->isValid());
    const QString reason = QString::fromUtf8("not positive definite: C44 must be > 0, it is -0.05");
    QCOMPARE(window_->tensorForm()->errorText(), reason);
    QVERIFY(statusText().contains(reason));
    QVERIFY(!validity.isEmpty());
    QCOMPARE(validity.last().at(0).toBool(), false);

    // The last valid surface is still shown, pixel for pixel.
    const auto same = mf::test::compareImages(grabViewport(), before, {0.0, 0, 0.0});
    QVERIFY2(same.ok, qPrintable(same.message));
    QVERIFY(window_->isVisible());
  }

  void violatedConditionMarksExactlyItsFields() {
    type("c12Field", "0.4");  // C11 − C12 = −0.1
    QVERIFY(!window_->tensorForm()->isValid());
    QCOMPARE(window_->tensorForm()->errorText(),
             QString::fromUtf8("not positive definite: C11 − C12 must be > 0, it is -0.1"));
    QCOMPARE(field("c11Field")->toolTip(), QString::fromUtf8("C11 − C12 must be > 0"));
    QCOMPARE(field("c12Field")->toolTip(), QString::fromUtf8("C11 − C12 must be > 0"));
    QVERIFY(!field("c11Field")->styleSheet().isEmpty());
    QVERIFY(!field("c12Field")->styleSheet().isEmpty());
    QVERIFY(field("c44Field")->toolTip().isEmpty());
    QVERIFY(field("c44Field")->styleSheet().isEmpty());

    // Correcting the input clears the marks.
    type("c12Field", "0.12");
    QVERIFY(window_->tensorForm()->isValid());
    QVERIFY(field("c11Field")->styleSheet().isEmpty());
    QVERIFY(field("c12Field")->toolTip().isEmpty());
  }

  void nonNumericAndNonFiniteInputAreRejectedInPlace() {
    type("c44Field", "abc");
    QCOMPARE(window_->tensorForm()->errorText(), QString("C44: 'abc' is not a number"));
    QCOMPARE(field("c44Field")->toolTip(), QString("C44: 'abc' is not a number"));
    type("c44Field", "");
    QCOMPARE(window_->tensorForm()->errorText(), QString("C44 is empty"));
    type("c44Field", "inf");
    QCOMPARE(window_->tensorForm()->errorText(), QString("C44 must be a finite number"));
    type("c44Field", "-0.01");
    QCOMPARE(window_->tensorForm()->errorText(),
             QString::fromUtf8("not positive definite: C44 must be > 0, it is -0.01"));
    type("c12Field", "-0.2");  // C11 + 2·C12 = −0.1, the worse of the two violations
    QCOMPARE(window_->tensorForm()->errorText(),
             QString::fromUtf8("not positive definite: C11 + 2·C12 must be > 0, it is -0.1"));
    QVERIFY(!grabViewport().isNull());  // still rendering the last valid surface
  }

  void mouseDragRotatesAndWheelZooms() {
    vtkCamera* camera = window_->viewport()->renderer()->GetActiveCamera();
    double before[3];
    camera->GetPosition(before);
    QWidget* vp = window_->viewport();
    const QPoint centre(vp->width() / 2, vp->height() / 2);
    QTest::mousePress(vp, Qt::LeftButton, Qt::NoModifier, centre);
    for (int i = 1; i <= 10; ++i) QTest::mouseMove(vp, centre + QPoint(8 * i, 3 * i));
    QTest::mouseRelease(vp, Qt::LeftButton, Qt::NoModifier, centre + QPoint(80, 30));
    double after[3];
    camera->GetPosition(after);
    const double moved = std::hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2]);
    QVERIFY2(moved > 1e-3, "a left drag must orbit the camera");

    const double distance = camera->GetDistance();
    QWheelEvent wheel(QPointF(centre), vp->mapToGlobal(QPointF(centre)), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(vp, &wheel);
    QVERIFY2(camera->GetDistance() < distance, "wheel forward must zoom in");

    QTest::keyClick(vp, Qt::Key_R);
    QVERIFY(std::abs(camera->GetViewUp()[2] - 1.0) < 1e-9);
  }
};

MF_GUI_TEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
