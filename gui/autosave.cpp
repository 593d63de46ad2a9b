#include "gui/autosave.hpp"

#include "gui/session_model.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>

#include <signal.h>

namespace mf::gui {

Autosave::Autosave(SessionModel* session, QString directory, QObject* parent)
    : QObject(parent), session_(session), directory_(std::move(directory)) {
  if (directory_.isEmpty()) directory_ = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
  connect(&timer_, &QTimer::timeout, this, &Autosave::saveSoon);
  soon_.setSingleShot(true);
  soon_.setInterval(0);
  connect(&soon_, &QTimer::timeout, this, [this] {
    if (session_->revision() != savedRevision_) saveNow();
  });
}

void Autosave::saveSoon() {
  if (running_) soon_.start();
}

Autosave::~Autosave() = default;

QString Autosave::autosavePath() const { return QDir(directory_).filePath("autosave.mfsession"); }
QString Autosave::markerPath() const { return QDir(directory_).filePath("running.pid"); }

std::optional<QDateTime> Autosave::autosaveTime() const {
  const QFileInfo info(autosavePath());
  if (!info.exists()) return std::nullopt;
  return info.lastModified();
}

void Autosave::start(int interval) {
  QDir().mkpath(directory_);
  QFile marker(markerPath());
  if (marker.open(QIODevice::ReadOnly)) {
    const qint64 pid = marker.readAll().trimmed().toLongLong();
    marker.close();
    // The process that wrote the marker is gone without removing it: it crashed (or was killed).
    const bool alive = pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0;
    crashed_ = !alive && autosaveTime().has_value();
  }
  if (marker.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    marker.write(QByteArray::number(QCoreApplication::applicationPid()));
    marker.close();
  }
  running_ = true;
  timer_.start(interval);
}

void Autosave::finish() {
  timer_.stop();
  if (!running_) return;
  running_ = false;
  QFile::remove(markerPath());
  QFile::remove(autosavePath());
}

void Autosave::saveNow() {
  if (!running_) return;
  try {
    session_->saveCopy(autosavePath());
    savedRevision_ = session_->revision();
    Q_EMIT saved(autosavePath());
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  }
}

}  // namespace mf::gui
