#include "gui/jobs_panel.hpp"

#include "gui/job_manager.hpp"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace mf::gui {

QString formatDuration(double s) {
  if (s < 10.0) return QString::number(s, 'f', s < 1.0 ? 2 : 1) + " s";
  if (s < 60.0) return QString::number(std::lround(s)) + " s";
  const long total = std::lround(s);
  if (total < 3600) return QString("%1 min %2 s").arg(total / 60).arg(total % 60);
  return QString("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
}

JobsPanel::JobsPanel(JobManager* manager, QWidget* parent) : QWidget(parent), manager_(manager) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(4, 4, 4, 4);
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* inner = new QWidget(scroll);
  rows_ = new QVBoxLayout(inner);
  rows_->setContentsMargins(0, 0, 0, 0);
  rows_->setSpacing(2);
  rows_->addStretch(1);
  scroll->setWidget(inner);
  outer->addWidget(scroll, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  clear_ = new QPushButton(tr("Clear finished"), this);
  clear_->setObjectName("clearFinishedButton");
  buttons->addWidget(clear_);
  outer->addLayout(buttons);
  connect(clear_, &QPushButton::clicked, this, &JobsPanel::clearFinished);
  connect(manager_, &JobManager::jobAdded, this, &JobsPanel::addJob);
  for (const auto& job : manager_->jobs())
    if (job) addJob(job);
}

JobRow* JobsPanel::rowOf(const Job* job) const {
  const auto it = rowOf_.find(job);
  return it == rowOf_.end() ? nullptr : it->second;
}

void JobsPanel::addJob(Job* job) {
  auto* row = new JobRow(job, this);
  rows_->insertWidget(0, row);  // newest on top
  rowOf_[job] = row;
  connect(job, &QObject::destroyed, this, [this, job] { rowOf_.erase(job); });
  connect(job, &Job::finished, this, [this, job] {
    if (!job->isQuiet() || job->state() != JobState::Finished) return;
    if (JobRow* r = rowOf(job)) {
      r->deleteLater();
      rowOf_.erase(job);
    }
  });
}

void JobsPanel::clearFinished() {
  for (auto it = rowOf_.begin(); it != rowOf_.end();) {
    if (it->first->isDone()) {
      it->second->deleteLater();
      it = rowOf_.erase(it);
    } else {
      ++it;
    }
  }
  manager_->clearFinished();
}

JobRow::JobRow(Job* job, QWidget* parent) : QWidget(parent), job_(job) {
  setObjectName(QString("jobRow%1").arg(job->id()));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(2, 1, 2, 1);
  title_ = new QLabel(job->title(), this);
  title_->setMinimumWidth(180);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setTextVisible(true);
  bar_->setMaximumWidth(260);
  status_ = new QLabel(this);
  status_->setObjectName("jobStatus");
  // Text that changes ten times a second must not ask the window for a new layout each time.
  status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  cancel_ = new QToolButton(this);
  cancel_->setObjectName("cancelButton");
  cancel_->setText(tr("Cancel"));
  cancel_->setToolTip(tr("Stop this job"));
  layout->addWidget(title_);
  layout->addWidget(bar_);
  layout->addWidget(status_, 1);
  layout->addWidget(cancel_);
  connect(cancel_, &QToolButton::clicked, job_, &Job::cancel);
  connect(job_, &Job::updated, this, &JobRow::refresh);
  refresh();
}

void JobRow::refresh() {
  const double f = job_->fraction();
  const int value = static_cast<int>(std::lround(1000.0 * f));
  const QString format = QString::number(100.0 * f, 'f', 0) + " %";
  // QProgressBar repaints synchronously on every visible change, and a synchronous repaint of a
  // window with OpenGL views composes the whole window: schedule the paint instead, and only
  // when the bar shows something new (a job that reports nothing polls ten times a second, and
  // each paint under a software GL costs the GUI thread ~25 ms).
  if (value != bar_->value() || format != bar_->format()) {
    bar_->setUpdatesEnabled(false);
    bar_->setValue(value);
    bar_->setFormat(format);
    bar_->setUpdatesEnabled(true);
    bar_->update();
  }
  switch (job_->state()) {
    case JobState::Queued:
      status_->setText(tr("waiting for the previous job"));
      break;
    case JobState::Running: {
      QString text = job_->message();
      if (const auto eta = job_->etaSeconds()) text += (text.isEmpty() ? "" : " · ") + tr("ETA %1").arg(formatDuration(*eta));
      status_->setText(text);
      break;
    }
    case JobState::Finished:
      status_->setText(QString::fromUtf8("✔ %1 · %2").arg(formatDuration(job_->elapsedSeconds()), job_->resultText()));
      status_->setStyleSheet("color: #2e7d32;");
      break;
    case JobState::Failed:
      status_->setText(QString::fromUtf8("✖ %1").arg(job_->errorText()));
      status_->setStyleSheet("color: #c62828;");
      status_->setToolTip(job_->errorText());
      break;
    case JobState::Cancelled:
      status_->setText(tr("cancelled after %1").arg(formatDuration(job_->elapsedSeconds())));
      status_->setStyleSheet("color: #8a6d3b;");
      break;
  }
  const bool done = job_->isDone();
  bar_->setVisible(!done);
  cancel_->setVisible(!done);
}

}  // namespace mf::gui
