// Generate in the Target dock, as a user presses it, with the bundled diffusion model: the
// candidates arrive in the gallery and table, each verified by FE with its error and achieved
// C^H beside the target; Cancel leaves nothing half done; a target the model cannot make is
// refused with the reason.

#include "core/design/target.hpp"
#include "gui/candidate_table_model.hpp"
#include "gui/candidates_panel.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "tests/gui/gui_test_main.hpp"
#include "tests/gui/screenshot.hpp"


#include <QListView>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

class GenerateTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<mf::gui::MainWindow> window_;

  mf::gui::SessionModel* session() { return window_->session(); }
  mf::gui::TargetPanel* panel() { return window_->targetPanel(); }
  void setSpin(const char* name, int value) {
    auto* spin = panel()->findChild<QSpinBox*>(name);
    QVERIFY(spin);
    spin->setValue(value);
  }
  QString cell(int row, int column) {
    const QAbstractItemModel* m = window_->candidatesPanel()->table()->model();
    return m->index(row, column).data(Qt::DisplayRole).toString();
  }

 private Q_SLOTS:
  void init() {
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->setConfirmClose(false);
    window_->resize(1400, 860);
    window_->show();
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    session()->setTarget(mf::design::DesignTarget::cubic(0.15, 0.05, 0.04, 0.4));
  }
  void cleanup() { window_.reset(); }

  void generateFillsTheGalleryWithVerifiedCandidates() {
    QPushButton* button = panel()->generateButton();
    QTRY_VERIFY(button->isEnabled());
    const int before = session()->candidateCount();
    setSpin("countSpin", 3);
    setSpin("stepsSpin", 10);
    setSpin("seedSpin", 7);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled());  // one generation at a time
    QVERIFY(window_->jobs()->activeCount() > 0);
    QVERIFY(window_->jobs()->waitForIdle(240000));
    QCOMPARE(window_->banner()->text(), QString());
    QCOMPARE(session()->candidateCount(), before + 3);
    QCOMPARE(window_->candidatesPanel()->gallery()->model()->rowCount(), before + 3);
    QVERIFY(button->isEnabled());
    QCOMPARE(panel()->findChild<QSpinBox*>("seedSpin")->value(), 8);  // the next press gives new cells
    QVERIFY(QString::fromStdString(session()->ranges().source).startsWith("model card"));
    using Col = mf::gui::CandidateTableModel;
    double previous = -1;
    for (int row = 0; row < 3; ++row) {
      const mf::design::Candidate* c = session()->candidateById(
          window_->candidatesPanel()->table()->model()->index(row, 0).data(Col::kIdRole).toString());
      QVERIFY(c);
      QCOMPARE(QString::fromStdString(c->provenance.fields.at("family")), QString("voxel-diffusion"));
      QCOMPARE(QString::fromStdString(c->provenance.fields.at("seed")), QString("7"));
      QVERIFY(c->homogenized);  // verified by FE
      QVERIFY2(cell(row, Col::Status).contains("verified"), qPrintable(cell(row, Col::Status)));
      // The error and the achieved C^H are on the row; the rows are ranked by the true error.
      const double error = window_->candidatesPanel()->table()->model()->index(row, Col::Error).data(Col::kSortRole).toDouble();
      QVERIFY2(error >= previous, "rows sorted by error");
      previous = error;
      QVERIFY(cell(row, Col::Error) != QString::fromUtf8("—"));
      const QString achieved = cell(row, Col::Achieved);
      QVERIFY2(achieved.count(QString::fromUtf8("·")) == 2, qPrintable(achieved));
      QCOMPARE(achieved.section(QString::fromUtf8(" · "), 0, 0).toDouble(), std::round(c->homogenized->stiffness(1, 1) * 1e4) / 1e4);
      const QString tip = window_->candidatesPanel()->table()->model()->index(row, Col::Achieved).data(Qt::ToolTipRole).toString();
      QVERIFY2(tip.contains("target 0.15000"), qPrintable(tip));
    }
    window_->candidatesPanel()->table()->selectRow(0);
    QVERIFY(mf::test::saveScreenshot(window_.get(), "walkthrough-7-generate.png", 500));  // README step 7
  }

  void cancelLeavesNothingHalfDone() {
    const int before = session()->candidateCount();
    setSpin("countSpin", 8);
    setSpin("stepsSpin", 200);
    QTest::mouseClick(panel()->generateButton(), Qt::LeftButton);
    QVERIFY(!window_->jobs()->jobs().empty());
    mf::gui::Job* job = window_->jobs()->jobs().back();
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == mf::gui::JobState::Running && job->fraction() > 0.06, 60000);
    QElapsedTimer clock;
    clock.start();
    job->cancel();
    QVERIFY(window_->jobs()->waitForIdle(10000));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString("cancel took %1 ms").arg(clock.elapsed())));
    QVERIFY(job->state() == mf::gui::JobState::Cancelled);
    QCOMPARE(session()->candidateCount(), before);
    QVERIFY(panel()->generateButton()->isEnabled());
  }

  void aTargetTheModelCannotMakeIsRefusedWithTheReason() {
    // Not cubic: the model makes cubic cells only.
    mf::design::DesignTarget t;
    t.form = mf::design::TargetForm::Orthotropic;
    t.values = {0.15, 0.05, 0.05, 0.17, 0.05, 0.15, 0.04, 0.04, 0.04};
    t.volumeFraction = 0.4;
    session()->setTarget(t);
    const int before = session()->candidateCount();
    QTest::mouseClick(panel()->generateButton(), Qt::LeftButton);
    QVERIFY(window_->jobs()->waitForIdle(60000));
    QVERIFY2(window_->banner()->text().contains("must be cubic"), qPrintable(window_->banner()->text()));
    QCOMPARE(session()->candidateCount(), before);
    // Far outside what the model has seen: the reason and the nearest target it can reach.
    session()->setTarget(mf::design::DesignTarget::cubic(0.9, 0.3, 0.3, 0.4));
    QTest::mouseClick(panel()->generateButton(), Qt::LeftButton);
    QVERIFY(window_->jobs()->waitForIdle(60000));
    QVERIFY2(window_->banner()->text().contains("nearest reachable target"), qPrintable(window_->banner()->text()));
    QCOMPARE(session()->candidateCount(), before);
  }
};

MF_GUI_TEST_MAIN(GenerateTest)
#include "generate_test.moc"
