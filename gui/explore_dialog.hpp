#pragma once
// Design › Explore extremes: the objective (least ν, or the stiffest isotropic E or G), the volume
// fraction, the starts of each kind and the TO budget (core/design/extreme_exploration.hpp).

#include "core/design/extreme_exploration.hpp"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace mf::gui {

class ExploreDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ExploreDialog(QWidget* parent = nullptr);
  design::ExploreSettings settings() const;
  // For tests and scripted use: the fields as a user sets them.
  void setSettings(design::Extreme objective, double volumeFraction, int starts, int iterations);

 private:
  QComboBox* objective_;
  QDoubleSpinBox* vf_;
  QSpinBox* starts_;
  QSpinBox* iterations_;
};

}  // namespace mf::gui
