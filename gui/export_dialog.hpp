#pragma once
// The export dialog: format (STL, 3MF, VDB level set, VDB fog), unit, physical cell size,
// tiling and smoothing, and the file. It remembers the last choices (QSettings) and says
// before export how big the part will be. A family's graded bar (members side by side) takes the
// same dialog with the surface formats only and no tiling: the bar is one row of cells.

#include "core/io/cell_export.hpp"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace mf::gui {

class ExportDialog : public QDialog {
  Q_OBJECT

 public:
  // `suggestedName` (no extension) names the file when the user has not chosen one.
  ExportDialog(const QString& suggestedName, int voxelsPerAxis, QWidget* parent = nullptr);
  // The dialog for a graded bar of `members` cells of voxelsPerAxis³ each: STL or 3MF, untiled.
  static ExportDialog* forGradedBar(const QString& suggestedName, int voxelsPerAxis, int members, QWidget* parent);
  bool isGradedBar() const { return barMembers_ > 0; }

  io::ExportOptions options() const;
  QString path() const;
  // Sets every field (tests, scripting) as if chosen by hand.
  void setOptions(const io::ExportOptions& options, const QString& path);

  // Stores the choices for next time; the caller does this when the export is started.
  void remember() const;
  // A file name stem from a candidate's name that any file system and printer tool takes:
  // ASCII letters, digits, '-', '_' and '.' ("diffusion s1·4" → "diffusion_s1_4").
  static QString fileStemFor(const QString& name);

 private:
  void updateSummary();
  void onFormatChanged();
  void browse();

  QComboBox* format_;
  QComboBox* unit_;
  QDoubleSpinBox* cellSize_;
  QSpinBox* tiles_;
  QSpinBox* smoothing_;
  QLineEdit* path_;
  QLabel* summary_;
  int voxels_;
  int barMembers_ = 0;  // > 0: a graded bar of that many cells
};

}  // namespace mf::gui
