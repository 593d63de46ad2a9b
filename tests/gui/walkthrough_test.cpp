// The README's "design session" walkthrough, step by step, on the real window: each step checks
// what the user should see and saves a screenshot. The pictures go to MF_SCREENSHOT_DIR when it
// is set (docs/make-screenshots.sh sets it to docs/images), else to the test's artifacts folder.

#include "core/dataset/tpms.hpp"
#include "core/io/raw_cell.hpp"
#include "gui/candidate_table_model.hpp"
#include "gui/candidates_panel.hpp"
#include "gui/compare_view.hpp"
#include "gui/export_dialog.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/microstructure_view.hpp"
#include "gui/session_model.hpp"
#include "gui/target_panel.hpp"
#include "tests/gui/gui_test_main.hpp"
#include "tests/gui/screenshot.hpp"

#include <QFileInfo>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

class WalkthroughTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<mf::gui::MainWindow> window_;
  QTemporaryDir dir_;

  void shot(const QString& name, QWidget* what = nullptr) {
    QVERIFY2(mf::test::saveScreenshot(what ? what : window_.get(), name, 150), qPrintable(name));
  }

 private Q_SLOTS:
  void initTestCase() {
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->setConfirmClose(false);
    window_->resize(1400, 860);
    window_->show();
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
  }
  void cleanupTestCase() { window_.reset(); }

  void step1FirstStartShowsTheExampleSession() {
    QVERIFY(window_->startUp(true));
    QVERIFY(window_->jobs()->waitForIdle(60000));
    QCOMPARE(window_->session()->candidateCount(), 4);
    for (int i = 0; i < 4; ++i) QVERIFY(window_->session()->candidate(i).homogenized.has_value());
    // Sorted by error, best first.
    QTableView* table = window_->candidatesPanel()->table();
    const double first = table->model()->index(0, mf::gui::CandidateTableModel::Error).data(mf::gui::CandidateTableModel::kSortRole).toDouble();
    const double last = table->model()->index(3, mf::gui::CandidateTableModel::Error).data(mf::gui::CandidateTableModel::kSortRole).toDouble();
    QVERIFY(first <= last);
    window_->showTab(mf::gui::MainWindow::Tab::Microstructure);
    QTRY_VERIFY(!window_->microstructureView()->shownId().isEmpty());
    shot("walkthrough-1-example-session.png");
  }

  void step2TypeATargetAndReadTheOverlay() {
    // Stiffer along the cube axes than the example's isotropic target: Zener ratio 0.6.
    window_->targetPanel()->setCubic(0.16, 0.06, 0.03);
    QVERIFY(window_->targetPanel()->isValid());
    const QString best = window_->candidatesPanel()->table()->model()->index(0, 0).data(mf::gui::CandidateTableModel::kIdRole).toString();
    window_->session()->setSelectedIds({best});
    window_->session()->setCurrentId(best);
    window_->showTab(mf::gui::MainWindow::Tab::ElasticSurface);
    shot("walkthrough-2-elastic-surface.png");
  }

  void step3LookAtThePropertySpace() {
    window_->showTab(mf::gui::MainWindow::Tab::PropertySpace);
    shot("walkthrough-3-property-space.png");
  }

  void step4CompareThreeCandidates() {
    QStringList ids;
    for (int i = 0; i < 3; ++i) ids << QString::fromStdString(window_->session()->candidate(i).id);
    window_->session()->setSelectedIds(ids);
    QVERIFY(window_->compareSelected());
    QCOMPARE(window_->compareView()->paneCount(), 3);
    shot("walkthrough-4-compare.png");
  }

  void step5OpenYourOwnCellTiledAndClipped() {
    const QString path = dir_.filePath("diamond48.raw");
    mf::io::writeRawCell(path.toStdString(), mf::tpmsCell(mf::Tpms::Diamond, 48, 0.25, false));
    window_->openCell(path);
    QVERIFY(window_->jobs()->waitForIdle(60000));
    QCOMPARE(QString::fromStdString(window_->session()->candidate(4).name), QString("diamond48"));
    window_->microstructureView()->setTiles(2);
    window_->microstructureView()->setClipEnabled(true);
    window_->microstructureView()->setOctantHighlight(true);
    window_->showTab(mf::gui::MainWindow::Tab::Microstructure);
    QTRY_VERIFY(window_->jobs()->activeCount() == 0);
    QTest::qWait(300);
    shot("walkthrough-5-open-cell.png");
  }

  void step6Export() {
    mf::gui::ExportDialog dialog("diamond48", 48, window_.get());
    dialog.setOptions({mf::io::ExportFormat::ThreeMf, mf::io::LengthUnit::Millimeter, 8.0, 3, 2}, dir_.filePath("diamond48.3mf"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    shot("walkthrough-6-export-dialog.png", &dialog);
    dialog.hide();
    mf::gui::Job* job = window_->exportCandidate(window_->session()->currentId(), dialog.options(), dialog.path());
    QVERIFY(window_->jobs()->waitForIdle(60000));
    QVERIFY2(job->state() == mf::gui::JobState::Finished, qPrintable(job->errorText()));
    QVERIFY(QFileInfo(dialog.path()).size() > 1000);
  }
};

MF_GUI_TEST_MAIN(WalkthroughTest)
#include "walkthrough_test.moc"
