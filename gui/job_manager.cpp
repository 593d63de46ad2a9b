#include "gui/job_manager.hpp"

#include <QCoreApplication>
#include <QEventLoop>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mf::gui {

QString toString(JobState state) {
  switch (state) {
    case JobState::Queued: return QObject::tr("queued");
    case JobState::Running: return QObject::tr("running");
    case JobState::Finished: return QObject::tr("finished");
    case JobState::Failed: return QObject::tr("failed");
    case JobState::Cancelled: return QObject::tr("cancelled");
  }
  return {};
}

void JobProgress::report(double fraction, std::string_view message) {
  fraction_.store(fraction);
  std::lock_guard lock(mutex_);
  message_.assign(message);
}

QString JobProgress::message() const {
  std::lock_guard lock(mutex_);
  return QString::fromStdString(message_);
}

Job::Job(int id, QString title, JobLane lane, QObject* parent)
    : QObject(parent), id_(id), title_(std::move(title)), lane_(lane) {}

double Job::elapsedSeconds() const { return isDone() ? finalSeconds_ : progress_->seconds(); }

std::optional<double> Job::etaSeconds() const {
  if (state_ != JobState::Running) return std::nullopt;
  return eta_.remaining();
}

void Job::cancel() {
  if (isDone()) return;
  progress_->cancel();
  message_ = tr("cancelling…");
  Q_EMIT updated();
}

void Job::poll() {
  if (isDone()) return;
  if (state_ == JobState::Queued && progress_->started()) state_ = JobState::Running;
  if (state_ != JobState::Running) return;
  fraction_ = std::clamp(progress_->fraction(), 0.0, 1.0);
  eta_.add(progress_->seconds(), fraction_);
  if (!progress_->cancelled()) message_ = progress_->message();
  Q_EMIT updated();
}

void Job::complete(JobState state, const QString& text) {
  poll();
  finalSeconds_ = progress_->seconds();
  state_ = state;
  if (state == JobState::Finished) {
    fraction_ = 1.0;
    resultText_ = text;
  } else if (state == JobState::Failed) {
    errorText_ = text;
  }
  message_.clear();
  Q_EMIT updated();
  Q_EMIT finished();
}

JobManager::JobManager(QObject* parent) : QObject(parent) {
  compute_.setMaxThreadCount(1);
  interactive_.setMaxThreadCount(1);
  background_.setMaxThreadCount(1);
  // Threads stay alive between jobs: OpenMP keeps its team per thread.
  compute_.setExpiryTimeout(-1);
  poll_.setInterval(100);
  connect(&poll_, &QTimer::timeout, this, [this] {
    for (const auto& job : jobs_)
      if (job && !job->isDone()) job->poll();
  });
}

JobManager::~JobManager() {
  cancelAll();
  compute_.waitForDone();
  interactive_.waitForDone();
  background_.waitForDone();
}

void JobManager::prepareWorkerThread(JobLane lane) {
  // Workers run at a lower priority than the GUI thread (nice 10, 2 for Interactive work; the
  // OpenMP threads a worker starts inherit it), so a solve that uses every core never makes the
  // window stutter (nice 5 left the window 100 ms gaps on a slow CI host: docs/benchmarks.md).
  thread_local bool prepared = false;
  if (prepared) return;
  prepared = true;
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  ::setpriority(PRIO_PROCESS, tid, lane == JobLane::Interactive ? 2 : 10);
}

void JobManager::shutDown() {
  closing_ = true;
  cancelAll();
}

Job* JobManager::createJob(const QString& title, JobLane lane) {
  auto* job = new Job(nextId_++, title, lane, this);
  jobs_.emplace_back(job);
  if (closing_) {
    job->progress_->cancel();
    return job;
  }
  if (!poll_.isActive()) poll_.start();
  Q_EMIT jobAdded(job);
  Q_EMIT activeCountChanged(activeCount());
  return job;
}

void JobManager::finish(Job* job, JobState state, const QString& text) {
  job->complete(state, text);
  Q_EMIT jobFinished(job);
  const int active = activeCount();
  if (active == 0) poll_.stop();
  Q_EMIT activeCountChanged(active);
}

int JobManager::activeCount() const {
  int n = 0;
  for (const auto& job : jobs_)
    if (job && !job->isDone()) ++n;
  return n;
}

void JobManager::cancelAll() {
  for (const auto& job : jobs_)
    if (job) job->cancel();
}

bool JobManager::waitForIdle(int milliseconds) {
  // An event loop that sleeps until something happens (a job's result, the poll timer, the
  // deadline), not a loop of processEvents(), which returns at once when nothing is pending and
  // so burns a core that the jobs waited for need (it made FE solves under test 10× slower).
  if (activeCount() == 0) return true;
  QEventLoop loop;
  QTimer deadline;
  deadline.setSingleShot(true);
  connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
  connect(this, &JobManager::activeCountChanged, &loop, [&loop](int active) {
    if (active == 0) loop.quit();
  });
  deadline.start(milliseconds);
  loop.exec();
  return activeCount() == 0;
}

void JobManager::clearFinished() {
  std::vector<QPointer<Job>> keep;
  for (const auto& job : jobs_) {
    if (!job) continue;
    if (job->isDone()) job->deleteLater();
    else keep.push_back(job);
  }
  jobs_ = std::move(keep);
}

}  // namespace mf::gui
