#pragma once
// Design › FE settings: how candidates are verified — the base material (E_s, ν_s), the
// solver tolerance and precision, an optional resampling resolution. Saved with the session.

#include "core/design/session.hpp"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace mf::gui {

class FeSettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit FeSettingsDialog(const design::HomogenizeSettings& settings, QWidget* parent = nullptr);
  design::HomogenizeSettings settings() const;

 private:
  void check();

  QDoubleSpinBox* youngs_;
  QDoubleSpinBox* poisson_;
  QComboBox* tolerance_;
  QComboBox* precision_;
  QSpinBox* resolution_;
  QSpinBox* maxIterations_;
  QLabel* problem_;
};

}  // namespace mf::gui
