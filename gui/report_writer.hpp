#pragma once
// The one-page HTML report of a session: the target (tensor, bounds), every candidate with its
// error and metrics, and the pictures of the views, saved beside it as PNGs. Self-contained
// enough to mail: one folder, relative links.

#include <QImage>
#include <QString>
#include <QStringList>

#include <map>

namespace mf::gui {

class SessionModel;

// Writes `<directory>/report.html` and one `<name>.png` per image (null images, views that could
// not be captured, are left out of both); returns the files written.
// Throws std::runtime_error when something cannot be written.
QStringList writeReport(const QString& directory, const SessionModel& session, const std::map<QString, QImage>& images);

}  // namespace mf::gui
