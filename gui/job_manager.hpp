#pragma once
// The one way long work runs in MetaForge (ARCHITECTURE.md, "Rules of the house"): every task
// is a Job that runs on a worker thread through QtConcurrent, reports through mf::Progress, can
// be cancelled, and delivers its result back on the GUI thread. The GUI thread only ever polls
// a job's progress (10 times a second), so no task can stall the window.
//
// Three lanes: Compute (FE solves and other heavy work, one at a time, because each already uses
// every core through OpenMP), Interactive (loading files, meshing surfaces for the views), so
// that a view never waits behind a long solve, and Background (loading a family's model at
// start), so that neither waits behind a model being read.

#include "core/jobs/eta_estimator.hpp"
#include "core/jobs/progress.hpp"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mf::gui {

enum class JobState { Queued, Running, Finished, Failed, Cancelled };
enum class JobLane { Compute, Interactive, Background };

QString toString(JobState state);

// Shared between a job's worker thread (report, cancelled) and the GUI thread (snapshot,
// cancel). Everything is atomic or behind a mutex.
class JobProgress final : public Progress {
 public:
  void report(double fraction, std::string_view message) override;
  bool cancelled() const override { return cancel_.load(std::memory_order_relaxed); }
  void cancel() { cancel_.store(true); }
  // The worker marks when it starts and stops, so that durations are exact even for jobs
  // shorter than the GUI's polling interval.
  void markStarted() {
    startNs_.store(now());
    started_.store(true);
  }
  void markStopped() { stopNs_.store(now()); }
  bool started() const { return started_.load(); }
  // Seconds from start to stop (or to now while running); 0 before the start.
  double seconds() const {
    if (!started()) return 0.0;
    const long long stop = stopNs_.load();
    return static_cast<double>((stop > 0 ? stop : now()) - startNs_.load()) * 1e-9;
  }
  double fraction() const { return fraction_.load(); }
  QString message() const;

 private:
  std::atomic<bool> cancel_{false}, started_{false};
  std::atomic<double> fraction_{0.0};
  std::atomic<long long> startNs_{0}, stopNs_{0};
  static long long now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  mutable std::mutex mutex_;
  std::string message_;
};

class Job : public QObject {
  Q_OBJECT

 public:
  Job(int id, QString title, JobLane lane, QObject* parent);

  int id() const { return id_; }
  QString title() const { return title_; }
  JobLane lane() const { return lane_; }
  JobState state() const { return state_; }
  bool isDone() const { return state_ == JobState::Finished || state_ == JobState::Failed || state_ == JobState::Cancelled; }
  double fraction() const { return fraction_; }
  QString message() const { return message_; }
  // Seconds since the job started running (final once done); 0 while queued.
  double elapsedSeconds() const;
  // Remaining seconds, once there is enough progress to tell: from the rate of the last few
  // seconds (core/jobs/eta_estimator.hpp), not the average since the start.
  std::optional<double> etaSeconds() const;
  QString resultText() const { return resultText_; }  // the summary line of a finished job
  QString errorText() const { return errorText_; }

  // Asks the work to stop; it returns at its next progress check (within ~0.1 s).
  void cancel();
  // Background work the user did not ask for (meshing a thumbnail): shown while it runs, but
  // leaves no line in the Jobs dock when it succeeds.
  void setQuiet(bool quiet) { quiet_ = quiet; }
  bool isQuiet() const { return quiet_; }

 Q_SIGNALS:
  void updated();
  void finished();  // Finished, Failed or Cancelled

 private:
  friend class JobManager;
  void poll();
  void complete(JobState state, const QString& text);

  int id_;
  QString title_;
  JobLane lane_;
  JobState state_ = JobState::Queued;
  double fraction_ = 0.0;
  QString message_;
  QString resultText_, errorText_;
  double finalSeconds_ = 0.0;
  bool quiet_ = false;
  EtaEstimator eta_;
  std::shared_ptr<JobProgress> progress_ = std::make_shared<JobProgress>();
};

class JobManager : public QObject {
  Q_OBJECT

 public:
  explicit JobManager(QObject* parent = nullptr);
  ~JobManager() override;

  // Runs work(progress) on a worker thread. On the GUI thread afterwards, onSuccess(result)
  // returns the job's summary line; onFailure(reason) hears about errors (not about Cancel).
  // Work reports failure by throwing; CancelledError means cancelled. `context` guards the
  // callbacks: they are skipped when it is gone.
  template <class R>
  Job* submit(const QString& title, JobLane lane, std::function<R(Progress&)> work,
              std::function<QString(R&)> onSuccess, std::function<void(const QString&)> onFailure = {},
              QObject* context = nullptr);

  const std::vector<QPointer<Job>>& jobs() const { return jobs_; }
  int activeCount() const;  // queued or running
  void cancelAll();
  // The window is closing: cancels everything, and jobs submitted from now on (by views reacting
  // to their own destruction) are cancelled before they start and announced to nobody.
  void shutDown();
  // Waits (processing events) until no job is active or the time is up; true when idle.
  bool waitForIdle(int milliseconds);
  // Drops finished jobs from the history.
  void clearFinished();

 Q_SIGNALS:
  void jobAdded(mf::gui::Job* job);
  void jobFinished(mf::gui::Job* job);
  void activeCountChanged(int active);

 private:
  template <class R>
  struct Outcome {
    std::shared_ptr<R> value;
    bool cancelled = false;
    std::string error;
  };
  Job* createJob(const QString& title, JobLane lane);
  void finish(Job* job, JobState state, const QString& text);
  QThreadPool* pool(JobLane lane) {
    return lane == JobLane::Compute ? &compute_ : lane == JobLane::Interactive ? &interactive_ : &background_;
  }
  static void prepareWorkerThread(JobLane lane);

  QThreadPool compute_, interactive_, background_;
  QTimer poll_;
  std::vector<QPointer<Job>> jobs_;
  int nextId_ = 1;
  bool closing_ = false;
};

template <class R>
Job* JobManager::submit(const QString& title, JobLane lane, std::function<R(Progress&)> work,
                        std::function<QString(R&)> onSuccess, std::function<void(const QString&)> onFailure,
                        QObject* context) {
  Job* job = createJob(title, lane);
  std::shared_ptr<JobProgress> progress = job->progress_;
  auto* watcher = new QFutureWatcher<Outcome<R>>(job);
  const bool guarded = context != nullptr;
  QPointer<QObject> guard(context);
  connect(watcher, &QFutureWatcherBase::finished, this, [=, this] {
    Outcome<R> out = watcher->future().result();
    if (out.cancelled) {
      finish(job, JobState::Cancelled, tr("cancelled"));
    } else if (!out.value) {
      const QString reason = QString::fromStdString(out.error);
      finish(job, JobState::Failed, reason);
      if (onFailure && (!guarded || guard)) onFailure(reason);
    } else {
      QString summary;
      if (onSuccess && (!guarded || guard)) {
        try {
          summary = onSuccess(*out.value);
        } catch (const std::exception& e) {
          finish(job, JobState::Failed, QString::fromStdString(e.what()));
          if (onFailure && (!guarded || guard)) onFailure(QString::fromStdString(e.what()));
          return;
        }
      }
      finish(job, JobState::Finished, summary);
    }
  });
  watcher->setFuture(QtConcurrent::run(pool(lane), [work = std::move(work), progress, lane]() -> Outcome<R> {
    Outcome<R> out;
    progress->markStarted();
    try {
      prepareWorkerThread(lane);
      progress->checkCancelled();
      out.value = std::make_shared<R>(work(*progress));
    } catch (const CancelledError&) {
      out.cancelled = true;
    } catch (const std::exception& e) {
      out.error = e.what();
    } catch (...) {
      out.error = "unknown error";
    }
    progress->markStopped();
    return out;
  }));
  return job;
}

}  // namespace mf::gui
