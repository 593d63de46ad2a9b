// Broken and hostile files opened in the app, as a user's downloads and hand edits reach it:
// each shows its reason in place (the banner names the file) and the open session loses
// nothing; a session whose view state has fields of the wrong type opens with what is sound.

#include "core/dataset/tpms.hpp"
#include "core/design/example_session.hpp"
#include "core/io/raw_cell.hpp"
#include "core/io/session_file.hpp"
#include "core/io/vdb_cell.hpp"
#include "gui/compare_view.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/microstructure_view.hpp"
#include "gui/session_model.hpp"
#include "tests/gui/gui_test_main.hpp"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <iterator>

#include <sys/stat.h>

class HostileFilesTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<mf::gui::MainWindow> window_;
  std::unique_ptr<QTemporaryDir> dir_;

  mf::gui::SessionModel* session() { return window_->session(); }
  QString path(const QString& name) { return dir_->filePath(name); }
  void write(const QString& name, const std::string& bytes) {
    std::ofstream(path(name).toStdString(), std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string bytesOf(const QString& file) {
    std::ifstream in(file.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  // The session as it was before a file was tried: what must survive.
  struct Snapshot {
    QStringList ids;
    mf::design::DesignTarget target;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot() { return {session()->candidateIds(), session()->target()}; }

  // Opens `name` as a cell or a session; returns the banner's text once the jobs are done.
  QString open(const QString& name) {
    window_->banner()->hide();
    if (name.endsWith(".mfsession")) window_->openSession(path(name));
    else window_->openCell(path(name));
    window_->jobs()->waitForIdle(60000);
    return window_->banner()->isHidden() ? QString() : window_->banner()->text();
  }

 private Q_SLOTS:
  void init() {
    dir_ = std::make_unique<QTemporaryDir>();
    window_ = std::make_unique<mf::gui::MainWindow>();
    window_->setConfirmClose(false);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    session()->reset(mf::design::exampleSession(16));
    window_->homogenize(session()->candidateIds());
    QVERIFY(window_->jobs()->waitForIdle(60000));
  }
  void cleanup() {
    window_.reset();
    dir_.reset();
  }

  void brokenCellsShowTheirReasonAndLoseNothing() {
    const Snapshot before = snapshot();
    // A good cell file of each format to damage.
    const mf::BinaryCell cell = mf::tpmsCell(mf::Tpms::Gyroid, 16, 0.3, true);
    mf::io::writeVdbFogCell(path("good.vdb").toStdString(), cell, 1.0 / 16);
    const std::string vdb = bytesOf(path("good.vdb"));
    struct Case {
      QString file;
      std::string bytes;
      const char* reason;
    };
    std::string npyHeader = std::string("\x93NUMPY\x01\x00", 8);
    const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (512, 512, 512), }";
    npyHeader.push_back(static_cast<char>(dict.size()));
    npyHeader.push_back(0);
    const std::vector<Case> cases = {
        {"truncated.vdb", vdb.substr(0, 247), "truncated"},
        {"damaged.vdb", [&] {
           std::string d = vdb;
           for (std::size_t i = 300; i < d.size(); i += 97) d[i] = static_cast<char>(~d[i]);
           return d;
         }(),
         "good"},  // a reason, whatever it is (checked below)
        {"claims512.npy", npyHeader + dict + "xx", "truncated"},
        {"text.npy", "hello, not numpy", "not a NumPy .npy file"},
        {"empty.raw", "", "empty"},
        {"notcube.raw", std::string(10, 'x'), "how is it laid out"},
    };
    for (const Case& c : cases) {
      write(c.file, c.bytes);
      const QString text = open(c.file);
      QVERIFY2(text.contains(c.file), qPrintable(c.file + ": " + text));
      if (std::strcmp(c.reason, "good") != 0) QVERIFY2(text.contains(c.reason), qPrintable(c.file + ": " + text));
      QVERIFY2(snapshot() == before, qPrintable(c.file + " changed the session"));
    }
    // A FIFO and a directory: refused at once, nothing waits on them.
    QVERIFY(::mkfifo(path("pipe.raw").toLocal8Bit().constData(), 0600) == 0);
    QVERIFY(open("pipe.raw").contains("not a regular file"));
    QDir().mkpath(path("folder.vdb"));
    QVERIFY(open("folder.vdb").contains("a directory"));
    QVERIFY(snapshot() == before);
  }

  void brokenSessionsShowTheirReasonAndLoseNothing() {
    const Snapshot before = snapshot();
    mf::io::writeSession(path("good.mfsession").toStdString(), session()->session());
    const std::string good = bytesOf(path("good.mfsession"));
    write("truncated.mfsession", good.substr(0, good.size() / 2));
    QVERIFY(open("truncated.mfsession").contains("truncated"));
    QVERIFY(snapshot() == before);
    write("garbage.mfsession", "MetaForge session\n\x01\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff");
    QVERIFY(open("garbage.mfsession").contains("garbage.mfsession"));
    QVERIFY(snapshot() == before);
    // Base Poisson 0.7: refused by the reader, not left for the app to stumble on.
    mf::design::Session bad = session()->session();
    bad.homogenize.base.poisson = 0.7;
    mf::io::writeSession(path("poisson.mfsession").toStdString(), bad);
    QVERIFY(open("poisson.mfsession").contains("Poisson"));
    QVERIFY(snapshot() == before);
  }

  void aSessionWithWrongTypedViewStateOpensWithWhatIsSound() {
    // The fields that aborted the app: property_space 5, tab "x", compare [1], tiles "x", clip "yes".
    mf::design::Session s = session()->session();
    s.viewState = {{"property_space", 5}, {"tab", "x"},           {"compare", {1}},
                   {"current", s.candidates[1].id}, {"microstructure", {{"tiles", "x"}, {"clip", "yes"}, {"octant", true}}}};
    mf::io::writeSession(path("view.mfsession").toStdString(), s);
    const QString text = open("view.mfsession");
    QCOMPARE(session()->candidateCount(), static_cast<int>(s.candidates.size()));  // the session opened
    QVERIFY2(text.contains("damaged") && text.contains("tab") && text.contains("microstructure.tiles") &&
                 text.contains("compare") && text.contains("property_space"),
             qPrintable(text));
    QCOMPARE(session()->currentId(), QString::fromStdString(s.candidates[1].id));  // the sound fields hold
    QCOMPARE(window_->microstructureView()->tiles(), 1);
    QVERIFY(window_->microstructureView()->octantHighlight());
    QCOMPARE(window_->currentTab(), mf::gui::MainWindow::Tab::Microstructure);
  }
};

MF_GUI_TEST_MAIN(HostileFilesTest)
#include "hostile_files_test.moc"
