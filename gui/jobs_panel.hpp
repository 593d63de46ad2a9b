#pragma once
// The Jobs dock: one row per job with its progress bar, what it is doing, the time left and a
// Cancel button; finished jobs stay as one line saying what ran, how long, and the result.

#include <QWidget>

#include <map>

class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace mf::gui {

class Job;
class JobManager;
class JobRow;

class JobsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit JobsPanel(JobManager* manager, QWidget* parent = nullptr);

  // The row widget of a job (tests press its Cancel button).
  JobRow* rowOf(const Job* job) const;

 private:
  void addJob(Job* job);
  void clearFinished();

  JobManager* manager_;
  QVBoxLayout* rows_ = nullptr;
  QPushButton* clear_ = nullptr;
  std::map<const Job*, JobRow*> rowOf_;
};

class JobRow : public QWidget {
  Q_OBJECT

 public:
  JobRow(Job* job, QWidget* parent);
  Job* job() const { return job_; }
  void refresh();

 private:
  Job* job_;
  QLabel* title_;
  QProgressBar* bar_;
  QLabel* status_;
  QToolButton* cancel_;
};

// "3 s", "1 min 20 s", "0.42 s"
QString formatDuration(double seconds);

}  // namespace mf::gui
