#pragma once
// How a .raw file that is not a cube of one-byte voxels is laid out, asked of the user: the
// file has no header that says, so they give the dimensions, the voxel type and a header to
// skip; the dialog starts from a layout that fits the file's size where one does, and says
// live whether the layout matches it.

#include "core/io/raw_cell.hpp"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace mf::gui {

class RawLayoutDialog : public QDialog {
  Q_OBJECT

 public:
  RawLayoutDialog(const QString& fileName, std::uint64_t fileBytes, QWidget* parent = nullptr);

  io::RawLayout layout() const;
  void setLayout(const io::RawLayout& layout);  // as if typed (tests)
  bool matchesFile() const;

 private:
  void check();

  std::uint64_t bytes_;
  QSpinBox* dims_[3];
  QComboBox* voxel_;
  QSpinBox* header_;
  QLabel* verdict_;
  QPushButton* ok_;
};

}  // namespace mf::gui
