#pragma once
// Autosave and crash recovery. While MetaForge runs, a marker file holds its process id; a
// clean exit removes it. If the marker is there at start and that process is gone, the last run
// crashed, and the session it autosaved (every few minutes and after every finished job) can be
// restored. Autosave writes a copy: the session's own file and its modified flag are untouched.

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace mf::gui {

class SessionModel;

class Autosave : public QObject {
  Q_OBJECT

 public:
  // `directory` defaults to the application's local data folder.
  Autosave(SessionModel* session, QString directory = {}, QObject* parent = nullptr);
  ~Autosave() override;

  // Checks for a crashed previous run, then marks this one as running and starts the timer.
  void start(int intervalMilliseconds = 3 * 60 * 1000);
  // A clean exit: removes the marker and the autosave.
  void finish();

  bool previousRunCrashed() const { return crashed_; }
  QString autosavePath() const;
  // When the autosave file was written, if there is one.
  std::optional<QDateTime> autosaveTime() const;
  // Writes the autosave now (silently; failures are reported through failed()).
  void saveNow();
  // Writes it on the next turn of the event loop, once, if the session changed since the last.
  void saveSoon();

 Q_SIGNALS:
  void saved(const QString& path);
  void failed(const QString& reason);

 private:
  QString markerPath() const;

  SessionModel* session_;
  QString directory_;
  QTimer timer_;
  QTimer soon_;
  quint64 savedRevision_ = ~quint64{0};
  bool crashed_ = false;
  bool running_ = false;
};

}  // namespace mf::gui
